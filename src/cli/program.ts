/** The `fivekeys` command tree, built without running it (main.ts runs it; the docs test walks it). */
import { Command } from 'commander';
import { VERSION } from '../service/app.ts';
import { demoCommand } from './demo.ts';
import { doctorCommand } from './doctor.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { migrateCommand } from './migrate.ts';
import { replayCommand } from './replay.ts';
import { reportCommand } from './report.ts';
import { serveCommand } from './serve.ts';
import { tokenCommand } from './token.ts';
import { watchCommand } from './watch.ts';
import { userCommand } from './user.ts';

export function createProgram(): Command {
  const program = new Command('fivekeys')
    .description('DORA metrics from the events your delivery tools already emit')
    .version(VERSION)
    .option('-c, --config <file>', 'YAML file with server options, settings and the service catalog');
  serveCommand(program);
  migrateCommand(program);
  replayCommand(program);
  tokenCommand(program);
  userCommand(program);
  reportCommand(program);
  exportCommand(program);
  importCommand(program);
  watchCommand(program);
  demoCommand(program);
  doctorCommand(program);
  return program;
}
