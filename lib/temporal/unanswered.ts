// Whether a call to Temporal went unanswered (the server unreachable, or past the call's
// deadline): the call may or may not have been made, and making it again is the caller's
// way to be sure, which is safe for a start whose workflow id names its one piece of work.
import { status as grpcStatus } from '@grpc/grpc-js';
import { isGrpcServiceError, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

const UNANSWERED_CODES: readonly grpcStatus[] = [grpcStatus.UNAVAILABLE, grpcStatus.DEADLINE_EXCEEDED, grpcStatus.CANCELLED];

export function isTemporalUnavailable(error: unknown): boolean {
  // the client wraps a failed start's gRPC error in a ServiceError
  const grpcError = error instanceof ServiceError ? error.cause : error;
  return (
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    (isGrpcServiceError(grpcError) && UNANSWERED_CODES.includes(grpcError.code))
  );
}
