// Runs the demo app alone, configured from the environment or .harness/run.env
// (e.g. after `npm run provision`). `npm start` does everything at once instead.
import { log } from '../lib/redaction.ts';
import { DemoAppConfigError, loadDemoAppConfig } from './config.ts';
import { DemoAppStartError, startDemoApp } from './server.ts';

try {
  const running = await startDemoApp(loadDemoAppConfig());
  log.info(`Demo app on ${running.url} (Ctrl-C stops it)`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  if (error instanceof DemoAppConfigError || error instanceof DemoAppStartError) log.error(error.message);
  else log.error('Could not start the demo app:', error instanceof Error ? error.message : String(error));
  process.exit(1);
}
