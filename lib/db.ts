import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../prisma/generated/client';

export type Db = PrismaClient;

/**
 * The application's Prisma client, engine-free through the pg driver adapter, with at most
 * `poolSize` connections (pg's default is 10).
 */
export function createDb(databaseUrl: string, poolSize?: number): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, ...(poolSize ? { max: poolSize } : {}) }) });
}
