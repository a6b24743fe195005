/** Child process: the bare Bolt baseline on PORT with SIGNING_SECRET; prints `listening` when ready. */
import { startBareBolt } from './bare-bolt.js';

const stop = await startBareBolt({
  port: Number(process.env.PORT),
  signingSecret: process.env.SIGNING_SECRET ?? '',
});
process.stdout.write('listening\n');
process.on('SIGTERM', () => {
  void stop().finally(() => process.exit(0));
});
