// Recorded workflow histories on disk, as protobuf objects in JSON.
// NOTE: the SDK's historyToJSON fails under Jest (two protobufjs copies meet), so files
// hold the proto's plain-object form, which History.fromObject reads back exactly.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

export const HISTORIES_DIR = path.join(__dirname, 'histories');

export function historyFileContent(history: History): string {
  const plain = temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), {
    longs: String,
    enums: String,
    bytes: String,
  });
  return `${JSON.stringify(plain, null, 1)}\n`;
}

export function recordedHistories(): Array<{ workflowId: string; history: temporal.api.history.v1.History }> {
  return readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      workflowId: path.basename(file, '.json'),
      history: temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
    }));
}
