// planrrr's worker and server as `npm start` runs them: compiled (runtime/build.ts), with the
// environment it gives them. The benchmark of the defaults (bench/defaults.ts) starts them
// the same way, so what it measures is what a newcomer runs.
import { SERVER_SCRIPT, WORKER_SCRIPT, WORKFLOW_BUNDLE } from './build';
import type { DevSecrets } from './dev-secrets';
import { startJsProcess, type ProcessOutput, type ServiceProcess } from './processes';

export interface ServiceAddresses {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl: string;
  port: number;
  /** the mail catcher's, when one runs */
  smtpUrl?: string;
}

/** The operator's variables over generated development secrets, and the addresses of what `npm start` provisioned. */
export function serviceEnv(
  secrets: DevSecrets,
  addresses: ServiceAddresses,
  operatorEnv: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return {
    ...secrets,
    ...operatorEnv,
    NODE_ENV: operatorEnv.NODE_ENV ?? 'development',
    DATABASE_URL: addresses.databaseUrl,
    TEMPORAL_ADDRESS: addresses.temporalAddress,
    TEMPORAL_UI_URL: addresses.temporalUiUrl,
    PORT: String(addresses.port),
    // a local Mastodon (or a fake) can be connected when trying things out
    ALLOW_INSECURE_PLATFORM_URLS: operatorEnv.ALLOW_INSECURE_PLATFORM_URLS ?? 'true',
    ...(addresses.smtpUrl ? { SMTP_URL: addresses.smtpUrl } : {}),
  };
}

/** Starts the compiled worker (on the prebuilt workflow bundle) and server; `output` says where each one's lines go. */
export function startCompiledServices(
  env: NodeJS.ProcessEnv,
  output: (name: string) => ProcessOutput,
): { worker: ServiceProcess; server: ServiceProcess } {
  return {
    worker: startJsProcess('worker', WORKER_SCRIPT, { WORKFLOW_BUNDLE_PATH: WORKFLOW_BUNDLE, ...env }, output('worker')),
    server: startJsProcess('server', SERVER_SCRIPT, env, output('server')),
  };
}
