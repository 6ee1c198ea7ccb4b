// The demo relying party's image, started with Testcontainers on the machine's network (as the
// emulators' container is: containers/okta-workforce-emulators.ts), configured by the variables
// it already reads (ISSUER_BASE_URL, BASE_URL, CLIENT_ID, CLIENT_SECRET, SECRET, … — a provisioned
// run's run.env) and trusting the emulators' CA, which is copied in.
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { archiveOf } from './container-files.ts';
import { harnessLabels } from './okta-workforce-emulators.ts';

export const DEFAULT_DEMO_APP_IMAGE = 'auth0-okta-workforce-harness/demo-app:latest';

export interface StartedDemoApp {
  url: string;
  container: StartedTestContainer;
  stop(): Promise<void>;
}

/** Where the CA is put in the container (the image's user owns it; /tmp is the one writable folder). */
const CA_PATH = '/tmp/emulators-ca.pem';

export async function startDemoAppContainer(options: { env: Record<string, string>; caCertPem: string; image?: string }): Promise<StartedDemoApp> {
  const baseUrl = options.env.BASE_URL;
  if (!baseUrl) throw new Error('BASE_URL is missing: the demo app listens on its port (e.g. http://localhost:3001)');
  const container = await new GenericContainer(options.image ?? DEFAULT_DEMO_APP_IMAGE)
    .withNetworkMode('host')
    .withEnvironment({ ...options.env, NODE_EXTRA_CA_CERTS: CA_PATH })
    .withLabels(harnessLabels('demo-app'))
    .withCopyArchivesToContainer([{ tar: await archiveOf([{ name: CA_PATH.slice('/tmp/'.length), content: options.caCertPem, mode: 0o644 }]), target: '/tmp' }])
    // The app logs this line once it listens (demo-app/cli.ts).
    .withWaitStrategy(Wait.forLogMessage(/Demo app on /))
    .withStartupTimeout(30_000)
    .start();
  return {
    url: baseUrl.replace(/\/+$/, ''),
    container,
    stop: async () => void (await container.stop({ remove: true, removeVolumes: true })),
  };
}
