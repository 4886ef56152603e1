// Registers planrrr's search attributes on a Temporal server that lacks them (the
// time-skipping test server, a fresh self-hosted cluster). Idempotent. The dev server
// gets them through its start-up flags instead (runtime/temporal-dev-server.ts).
import { status as grpcStatus } from '@grpc/grpc-js';
import type { Connection } from '@temporalio/client';
import { isGrpcServiceError } from '@temporalio/client';
// NOTE: the SDK exports this encoder for registering attributes, from its lib path only.
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { PLANRRR_SEARCH_ATTRIBUTES } from '../temporal-config/search-attributes';

export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  for (const key of PLANRRR_SEARCH_ATTRIBUTES) {
    try {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: { [key.name]: encodeSearchAttributeIndexedValueType(key.type)! },
      });
    } catch (error) {
      if (isGrpcServiceError(error) && error.code === grpcStatus.ALREADY_EXISTS) continue;
      throw error;
    }
  }
}
