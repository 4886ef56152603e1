// Everything with side effects that the post workflow asks for. Dependencies come in
// through this factory, so tests can hand in fakes and the worker hands in the real ones.
import { createPublishToTarget, type PublishDeps } from './publish-to-target';
import { createSavePostState } from './save-post-state';

export function createActivities(deps: PublishDeps) {
  return {
    savePostState: createSavePostState(deps),
    publishToTarget: createPublishToTarget(deps),
  };
}

export type { PublishFailureDetails, PublishInput, PublishResult } from './publish-to-target';
