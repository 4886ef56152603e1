// Calls to Temporal that a request waits for: within a deadline, and a 503 the client may
// resend when Temporal does not answer in time (series' Schedules, evergreen sets' workflows).
import { isGrpcServiceError, ServiceError, type Client } from '@temporalio/client';
import { problems } from './problem';

/** Temporal did not answer (unreachable, or past the deadline). */
export function temporalSilent(error: unknown): boolean {
  return error instanceof ServiceError || isGrpcServiceError(error);
}

export async function withTemporalDeadline<T>(temporal: Client, timeoutMs: number, call: () => Promise<T>): Promise<T> {
  try {
    return await temporal.withDeadline(Date.now() + timeoutMs, call);
  } catch (error) {
    if (temporalSilent(error)) throw problems.unavailable('The scheduler (Temporal) did not answer in time: send the request again.');
    throw error;
  }
}
