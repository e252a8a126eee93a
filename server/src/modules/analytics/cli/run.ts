/** Dispatch for `npm run analytics -w server -- <command> …`. Returns the process exit code. */
import { runClv } from './clv-command';
import { runConvertCdnow } from './convert-command';
import { CliError } from './errors';
import { runExperiment } from './experiment-command';
import { ExperimentInputError } from './experiment-input';
import type { CliIo } from './io';
import { runRfm } from './rfm-command';

export const USAGE = `usage: npm run analytics -w server -- <command> [flags]

  clv  --input FILE --calibration-end YYYY-MM-DD [--time-unit day|week|month] [--json]
       [--out PREDICTIONS.csv] [--holdout-end YYYY-MM-DD] [--discount-rate 0.01] [--format csv|cdnow]
       Fits BG/NBD + Gamma-Gamma on transactions up to the calibration end (inclusive) and prints
       {bgnbd:{r,alpha,a,b,logLikelihood}, gammaGamma:{p,q,v}, customers, repeaters} with --json.
       --discount-rate is monthly and applies to the 12-month CLV column of --out.

  rfm  --input FILE --as-of YYYY-MM-DD --out FILE.csv [--window-days 365] [--basis value|score]
       [--json] [--format csv|cdnow]
       Writes customer_id,r,f,m,r_score,f_score,m_score,segment (r in days, f purchase days and
       m spend within the window).

  convert-cdnow --input CDNOW_master.txt|CDNOW_sample.txt --out FILE.csv
       Converts the CDNOW text files into the CSV format below.

  experiment --input FILE.csv --control NAME [--weights control=0.5,treatment=0.5] [--json]
       Reads member_id,arm,pre_revenue,revenue,converted (revenue in yuan, converted 0/1; one row
       per member) and compares each arm with the control: Welch t and CUPED (pre_revenue as
       covariate) on revenue, chi-squared on conversion, an SRM check against --weights (default:
       equal). --json prints {arms, srm, revenue, cuped, conversion}; with several treatment
       arms, comparisons:[{arm, revenue, cuped, conversion}] with Holm-adjusted p-values.
       Bad input exits 2 with one line on stderr.

Input CSV: header customer_id,date,amount; one row per transaction; date YYYY-MM-DD or YYYYMMDD;
same-day transactions of a customer count as one purchase day. --format cdnow reads the CDNOW
text files directly.
`;

export function runCli(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'clv':
        runClv(rest, io);
        return 0;
      case 'rfm':
        runRfm(rest, io);
        return 0;
      case 'convert-cdnow':
        runConvertCdnow(rest, io);
        return 0;
      case 'experiment':
        runExperiment(rest, io);
        return 0;
      case undefined:
      case 'help':
      case '--help':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new CliError(`unknown command '${command}' (clv, rfm, convert-cdnow, experiment)`, 2);
    }
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    io.stderr(`analytics: ${err.message}\n`);
    // Experiment input errors stay one line: tools that drive the command show it as is.
    if (err.exitCode === 2 && !(err instanceof ExperimentInputError)) {
      io.stderr('run with --help for usage\n');
    }
    return err.exitCode;
  }
}
