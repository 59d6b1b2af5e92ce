#!/usr/bin/env node
/** The `fivekeys` command line. */
import { Command } from 'commander';
import { AppError } from '../errors.ts';
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

program.parseAsync(process.argv).catch((error: unknown) => {
  const message =
    error instanceof AppError ? error.message : error instanceof Error ? error.message : String(error);
  console.error(`fivekeys: ${message}`);
  process.exit(error instanceof AppError && error.code === 'invalid_config' ? 2 : 1);
});
