import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { HolderLogger } from '../../cache/snapshot-holder.js';
import { openService } from '../../compose.js';
import { loadConfig } from '../../config.js';
import { checkPortability } from '../../domain/check.js';
import { looksLikeNumber, readLenient, splitNumberList, toRequestNumbers } from '../../domain/lenient.js';
import { writePortabilityBody } from '../../domain/response-writer.js';
import { formatResult } from '../format-result.js';
import { type StoreOptions, withStoreOptions } from '../options.js';

/** The holder's problems as one stderr line each (a damaged snapshot file, one that cannot be written); loads stay quiet. */
const STDERR_LOGGER: HolderLogger = {
  info: () => {},
  warn: (_obj, msg) => process.stderr.write(`portcheck: warning: ${msg}\n`),
  error: (obj, msg) => {
    const err = (obj as { err?: unknown }).err;
    process.stderr.write(`portcheck: warning: ${err === undefined ? msg : String(err)}\n`);
  },
};

interface CheckOptions extends StoreOptions {
  file?: string;
  json?: boolean;
}

/**
 * What to send for the arguments and the file: every argument as typed (a
 * mistake comes back as invalid_number), and from the file only the tokens
 * that look like phone numbers (headers, names and notes are skipped).
 */
function collectInputs(args: readonly string[], fileText: string | null): string[] {
  const inputs = args.flatMap((arg) => splitNumberList(arg));
  if (fileText !== null) inputs.push(...splitNumberList(fileText).filter(looksLikeNumber));
  return inputs;
}

/**
 * One line per input typed with an extension: the main number is what was
 * checked (a port moves it with every extension behind it), and stderr keeps
 * `--json` output the API's exact body.
 */
function extensionNotes(inputs: readonly string[]): string[] {
  const notes: string[] = [];
  for (const input of inputs) {
    const read = readLenient(input);
    if (read?.extension)
      notes.push(
        `portcheck: note: "${input}" checked as ${read.number}; its extension ${read.extension} is ported with it, not on its own\n`,
      );
  }
  return notes;
}

export function checkCommand(): Command {
  const command = new Command('check')
    .description('Judge numbers against the database directly, without a server, exactly as the API would.')
    .argument('[numbers...]', 'numbers as people write them: 2064205780, (206) 420-5780, +1 206.420.5780…')
    .option('--file <file>', 'also read numbers from a file of any kind (text, CSV); "-" reads stdin')
    .option('--json', 'print the API response body {"data": …}, compact, on one line');
  withStoreOptions(command);
  return command
    .addHelpText(
      'after',
      `
Numbers are read leniently: spaces, dashes, dots, slashes, one pair of brackets
and a leading + or 1 are fine; letters are not, and such inputs are reported as
invalid_number rather than dropped. An extension (x123, ext. 12) is ported with
its main number, so the main number is checked and a note says so on stderr. Arguments and file
lines may hold several numbers separated by commas, semicolons, tabs or spaces.
From a file, only tokens that look like phone numbers are taken.

The exit code is 0 whenever the check ran, whatever the numbers' fate.

Examples:
  portcheck check '(206) 420-5780' '+1 844 420 5780' 555-234-8976
  portcheck check --file customers.csv --json > result.json`,
    )
    .action(async (numbers: string[], options: CheckOptions) => {
      const fileText =
        options.file === undefined ? null : readFileSync(options.file === '-' ? 0 : options.file, 'utf8');
      const inputs = collectInputs(numbers, fileText);
      if (inputs.length === 0) {
        throw new Error(
          options.file === undefined
            ? 'no numbers given: pass them as arguments or with --file'
            : `no phone numbers found in ${options.file === '-' ? 'stdin' : options.file}`,
        );
      }
      for (const note of extensionNotes(inputs)) process.stderr.write(note);
      const config = loadConfig({ dbPath: options.db, databaseUrl: options.databaseUrl });
      // Read-only: a check changes nothing, so it also works on a database in a read-only folder.
      const service = await openService(config, {
        mustExist: true,
        readOnly: true,
        logger: STDERR_LOGGER,
        followChanges: false, // one check and out: no listening connection
      });
      let output: string | Uint8Array;
      try {
        if (await service.store.isEmpty()) {
          process.stderr.write('portcheck: warning: the database holds no numbering data yet\n');
        }
        // The same snapshot the server would use: its file when current, else built from the rows.
        const { snapshot } = await service.holder.load();
        const requested = toRequestNumbers(inputs);
        // --json prints the very bytes the server would send.
        output = options.json
          ? writePortabilityBody(snapshot, requested)
          : formatResult(checkPortability(snapshot, requested));
      } finally {
        await service.close();
      }
      process.stdout.write(output);
      if (options.json) process.stdout.write('\n');
    });
}
