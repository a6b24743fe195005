/** Child process: the bare CloudAdapter baseline on PORT; prints `listening` when ready. */
import { startBareTeams } from './bare-teams.js';

const stop = await startBareTeams({ port: Number(process.env.PORT) });
process.stdout.write('listening\n');
process.on('SIGTERM', () => {
  void stop().finally(() => process.exit(0));
});
