#!/usr/bin/env node
/** The `fivekeys` command line. */
import { AppError } from '../errors.ts';
import { createProgram } from './program.ts';

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    const message =
      error instanceof AppError ? error.message : error instanceof Error ? error.message : String(error);
    console.error(`fivekeys: ${message}`);
    process.exit(error instanceof AppError && error.code === 'invalid_config' ? 2 : 1);
  });
