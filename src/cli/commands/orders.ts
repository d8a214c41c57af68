// `portcheck orders list|show|create|act|document|loa`: port orders from the command line, through the same
// OrderService the API uses (compose.ts builds it over the store). The command line speaks for the
// person at the keyboard, who has the database itself: it acts as role `admin` of `--account`
// (default `default`), so it may take every action of docs/spec/orders.md §4. `--json` prints the
// API's resources; otherwise a table.
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { openService, orderServiceOf, type Service } from '../../compose.js';
import { loadConfig } from '../../config.js';
import { looksLikeNumber, splitNumberList, toRequestNumbers } from '../../domain/lenient.js';
import { checkDocumentContent, sniffContentType } from '../../domain/orders/content-type.js';
import {
  ACTION_NAMES,
  type ActionName,
  type Actor,
  DOCUMENT_TYPES,
  type DocumentType,
  ORDER_STATUSES,
  type OrderStatus,
} from '../../domain/orders/types.js';
import { ApiError } from '../../http/errors/catalogue.js';
import { actionRequest } from '../../http/routes/orders/action.js';
import { type EndUserBody, newEndUser, type PatchBody, patchIn } from '../../http/routes/orders/input.js';
import { toResource } from '../../http/routes/orders/resource.js';
import { actionBody, EndUserIn, PatchOrderBody } from '../../http/schemas/orders/requests.js';
import { OrderFailure } from '../../orders/failure.js';
import type { OrderService, OrderView } from '../../orders/service.js';
import { checkedJson } from '../json-input.js';
import { type StoreOptions, withStoreOptions } from '../options.js';
import { table } from './keys.js';

interface OrdersOptions extends StoreOptions {
  account?: string;
  json?: boolean;
}

const DEFAULT_ACCOUNT = 'default';
const actorOf = (o: OrdersOptions): Actor => ({ account: o.account ?? DEFAULT_ACCOUNT, role: 'admin' });

/** Opens the service, its snapshot loaded when `needsData`, runs `fn`, always closes. */
async function withOrders<T>(
  options: OrdersOptions,
  needsData: boolean,
  fn: (orders: OrderService, service: Service) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ dbPath: options.db, databaseUrl: options.databaseUrl });
  const service = await openService(config, { mustExist: true, followChanges: false });
  try {
    const orders = orderServiceOf(service);
    if (needsData) await service.holder.load();
    return await fn(orders, service);
  } catch (err) {
    throw readable(err);
  } finally {
    await service.close();
  }
}

/** A refusal as one line: its code and its sentence (the same words the API sends). */
function readable(err: unknown): unknown {
  if (err instanceof ApiError) return new Error(`${err.code}: ${err.detail}`);
  if (!(err instanceof OrderFailure)) return err;
  // What blocks a submit is in the API's meta; here it goes on the line (the detail only counts them).
  const blockers = err.extra.blockers ?? [];
  const more = blockers.length ? ` (${blockers.map((b) => `${b.code} ${b.field}`).join(', ')})` : '';
  return new Error(`${err.code}: ${err.detail}${more}`);
}

const print = (s: string) => process.stdout.write(`${s}\n`);

function rows(views: readonly OrderView[]): string {
  return table(
    ['ID', 'STATUS', 'ACCOUNT', 'TYPE', 'LOSING CARRIER', 'NUMBERS', 'FOC', 'BLOCKERS'],
    views.map(({ order: o, blockers }) => [
      o.id,
      o.status,
      o.account,
      o.numberType,
      `${o.losingCarrier.name} (${o.losingCarrier.id})`,
      String(o.numbers.length),
      o.foc?.date ?? o.requestedFocDate ?? '-',
      blockers.length === 0 ? '-' : String(blockers.length),
    ]),
  );
}

function details({ order: o, blockers }: OrderView): string {
  const eu = o.endUser;
  const lines = [
    `${o.id}  ${o.status}  (version ${o.version})`,
    `  account:         ${o.account}   group: ${o.groupId}${o.customerReference ? `   reference: ${o.customerReference}` : ''}`,
    `  type:            ${o.numberType}, ${o.portKind}${o.lata === null ? '' : `, LATA ${o.lata}`}`,
    `  losing carrier:  ${o.losingCarrier.name} (${o.losingCarrier.id})${o.resellers.length ? `, resold by ${o.resellers.map((r) => r.name).join(', ')}` : ''}`,
    `  gaining carrier: ${o.gainingCarrier.name} (${o.gainingCarrier.id})`,
    `  end user:        ${eu.entityName ?? '-'} (${eu.authorizedPerson ?? '-'})`,
    `  requested FOC:   ${o.requestedFocDate ?? '-'}${o.foc ? `   FOC: ${o.foc.date}` : ''}`,
  ];
  if (o.reason) lines.push(`  reason:          ${o.reason.code}: ${o.reason.detail}`);
  if (o.cancelReason) lines.push(`  cancelled:       ${o.cancelReason} (from ${o.cancelStage})`);
  lines.push(
    `  documents:       ${o.documents.map((d) => `${d.type} ${d.filename} (${d.id})`).join(', ') || '-'}`,
  );
  lines.push(`  blockers:        ${blockers.map((b) => `${b.code} ${b.field}`).join(', ') || '-'}`);
  lines.push('  numbers:');
  for (const n of o.numbers)
    lines.push(`    ${n.number}  ${n.status}${n.focDate ? `  FOC ${n.focDate}` : ''}`);
  return lines.join('\n');
}

const json = (value: unknown) => print(JSON.stringify(value));

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path === '-' ? 0 : path, 'utf8'));
  } catch (err) {
    throw new Error(`${what} ${path}: ${(err as Error).message}`);
  }
}

function parseJsonOption(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError('expected a JSON object, e.g. \'{"foc_date": "2026-03-10"}\'.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidArgumentError('expected a JSON object.');
  }
  return value as Record<string, unknown>;
}

function parseVersion(v: string): number {
  if (!/^\d{1,9}$/.test(v)) throw new InvalidArgumentError('expected a version number.');
  return Number(v);
}

function parseStatuses(text: string): OrderStatus[] {
  const list = text.split(',').map((s) => s.trim());
  for (const s of list) {
    if (!(ORDER_STATUSES as readonly string[]).includes(s)) {
      throw new InvalidArgumentError(`"${s}" is not a status: ${ORDER_STATUSES.join(', ')}.`);
    }
  }
  return list as OrderStatus[];
}

const withCommon = (command: Command) =>
  withStoreOptions(
    command
      .option(
        '--account <id>',
        `the account the command acts for, as its admin (default "${DEFAULT_ACCOUNT}")`,
      )
      .option('--json', 'print the API resources as JSON'),
  );

function createCommand(): Command {
  return withCommon(
    new Command('create')
      .description('Check the numbers and create one draft order per group of the answer (orders.md §10).')
      .requiredOption('--numbers <file>', 'the numbers, any text or CSV file ("-" for stdin)')
      .requiredOption(
        '--end-user <file>',
        'the end user as the API takes it: {"entity_name": …, "service_address": {…}}',
      )
      .option('--requested-foc-date <date>', 'YYYY-MM-DD')
      .option('--customer-reference <ref>', 'unique per account')
      .option('--alias <alias>'),
  ).action(
    async (
      options: OrdersOptions & {
        numbers: string;
        endUser: string;
        requestedFocDate?: string;
        customerReference?: string;
        alias?: string;
      },
    ) => {
      const text = readFileSync(options.numbers === '-' ? 0 : options.numbers, 'utf8');
      const numbers = toRequestNumbers(splitNumberList(text).filter(looksLikeNumber));
      if (numbers.length === 0) throw new Error(`no phone numbers found in ${options.numbers}`);
      const endUser = newEndUser(
        checkedJson<EndUserBody>(
          EndUserIn,
          readJson(options.endUser, 'end user'),
          `--end-user ${options.endUser}`,
        ),
      );
      const result = await withOrders(options, true, (orders) =>
        orders.createFromNumbers(actorOf(options), {
          numbers,
          endUser,
          requestedFocDate: options.requestedFocDate ?? null,
          customerReference: options.customerReference ?? null,
          alias: options.alias ?? null,
          account: actorOf(options).account,
        }),
      );
      if (options.json) {
        json({
          data: result.orders.map((v) => toResource(v, '/v2')),
          meta: { group_id: result.groupId, nonportable: result.nonportable },
        });
        return;
      }
      print(`Created ${result.orders.length} order(s) in group ${result.groupId}:`);
      print(rows(result.orders));
      if (result.nonportable.length > 0) {
        print(`Not portable (${result.nonportable.length}):`);
        for (const d of result.nonportable) print(`  ${d.number}  ${d.reason}`);
      }
    },
  );
}

function listCommand(): Command {
  return withCommon(
    new Command('list')
      .description("List orders, newest first (an admin sees every account's unless --account is given).")
      .option('--status <list>', `comma-separated: ${ORDER_STATUSES.join(', ')}`, parseStatuses)
      .option('--limit <n>', 'at most this many (1–200, default 50)', (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 200) throw new InvalidArgumentError('expected 1 to 200.');
        return n;
      }),
  ).action(async (options: OrdersOptions & { status?: OrderStatus[]; limit?: number }) => {
    const page = await withOrders(options, false, (orders) =>
      orders.list(
        actorOf(options),
        {
          ...(options.account ? { account: options.account } : {}),
          ...(options.status ? { status: options.status } : {}),
        },
        options.limit ?? 50,
      ),
    );
    if (options.json) {
      json({ data: page.items.map((v) => toResource(v, '/v2')) });
      return;
    }
    print(page.items.length === 0 ? 'No port orders.' : rows(page.items));
  });
}

function showCommand(): Command {
  return withCommon(new Command('show').description('Show one order.').argument('<id>')).action(
    async (id: string, options: OrdersOptions) => {
      const view = await withOrders(options, false, (orders) => orders.getView(actorOf(options), id));
      print(options.json ? JSON.stringify({ data: toResource(view, '/v2') }) : details(view));
    },
  );
}

function actCommand(): Command {
  return withCommon(
    new Command('act')
      .description('Take an action on an order (orders.md §4) with the body the API takes.')
      .argument('<id>')
      .argument('<action>', ACTION_NAMES.join(', '))
      .option('--data <json>', 'the action\'s body, e.g. \'{"foc_date": "2026-03-10"}\'', parseJsonOption)
      .option('--if-match <version>', 'refuse if the order is no longer at this version', parseVersion),
  ).action(
    async (
      id: string,
      action: string,
      options: OrdersOptions & { data?: Record<string, unknown>; ifMatch?: number },
    ) => {
      if (!(ACTION_NAMES as readonly string[]).includes(action)) {
        throw new Error(`"${action}" is not an action: ${ACTION_NAMES.join(', ')}`);
      }
      type Body = Parameters<typeof actionRequest>[1];
      const { order, created } = await withOrders(options, action === 'submit', (orders, service) => {
        const body = checkedJson<Body>(actionBody(service.config.maxNumbers), options.data ?? {}, '--data');
        return orders.act(actorOf(options), id, actionRequest(action as ActionName, body), options.ifMatch);
      });
      if (options.json) {
        json({
          data: toResource(order, '/v2'),
          ...(created ? { included: [toResource(created, '/v2')] } : {}),
        });
        return;
      }
      print(`${order.order.id}: ${action} → ${order.order.status} (version ${order.order.version})`);
      if (created) print(`new order ${created.order.id} (${created.order.numbers.length} numbers)`);
    },
  );
}

function editCommand(): Command {
  return withCommon(
    new Command('edit')
      .description("Edit an order in draft or exception: the attributes the API's PATCH takes.")
      .argument('<id>')
      .requiredOption('--data <json>', 'e.g. \'{"requested_foc_date": "2026-03-10"}\'', parseJsonOption)
      .option('--if-match <version>', 'refuse if the order is no longer at this version', parseVersion),
  ).action(
    async (id: string, options: OrdersOptions & { data: Record<string, unknown>; ifMatch?: number }) => {
      const body = checkedJson<{ data: { attributes: PatchBody } }>(
        PatchOrderBody,
        { data: { type: 'portorder', attributes: options.data } },
        '--data',
        '/data/attributes',
      );
      const view = await withOrders(options, false, (orders) =>
        orders.edit(actorOf(options), id, patchIn(body.data.attributes), options.ifMatch),
      );
      if (options.json) json({ data: toResource(view, '/v2') });
      else print(details(view));
    },
  );
}

function focDatesCommand(): Command {
  return withCommon(
    new Command('foc-dates')
      .description(
        'The FOC dates a submission may ask for now: business days after the lead, within 30 days.',
      )
      .argument('<id>'),
  ).action(async (id: string, options: OrdersOptions) => {
    const dates = await withOrders(options, false, (orders) => orders.focDates(actorOf(options), id));
    if (options.json) json({ data: dates });
    else print(dates.dates.join('\n'));
  });
}

function documentCommand(): Command {
  return withCommon(
    new Command('document')
      .description(
        'Attach a document to an order: a PDF, PNG, JPEG or TIFF of at most 10 MiB (orders.md §8).',
      )
      .argument('<id>')
      .argument('<file>')
      .addOption(new Option('--type <type>', 'what the document is').choices(DOCUMENT_TYPES).default('loa')),
  ).action(async (id: string, file: string, options: OrdersOptions & { type: DocumentType }) => {
    const bytes = readFileSync(file);
    // The file has no Content-Type: its first bytes name it, and the API's rules check the rest.
    const sniffed = sniffContentType(bytes);
    if (sniffed === null) throw new Error(`${file} is not a PDF, PNG, JPEG or TIFF file`);
    const checked = checkDocumentContent(sniffed, bytes);
    if (!checked.ok) throw new Error(`${file}: ${checked.detail}`);
    // Loaded here only: it brings the LOA's PDF library with it.
    const { cleanFilename, documentResource } = await import('../../http/routes/orders/documents.js');
    const meta = {
      type: options.type,
      filename: cleanFilename(file, options.type, checked.contentType),
      contentType: checked.contentType,
    };
    const { order, document } = await withOrders(options, false, (orders) =>
      orders.addDocument(actorOf(options), id, meta, bytes),
    );
    if (options.json) {
      json({ data: documentResource(document, `/v2/portorders/${encodeURIComponent(id)}`) });
      return;
    }
    print(`${id}: added ${document.type} ${document.filename} (${document.id}, ${document.size} bytes)`);
    const blockers = order.blockers.map((b) => `${b.code} ${b.field}`).join(', ');
    print(`blockers: ${blockers || '-'}`);
  });
}

function loaCommand(): Command {
  return withCommon(
    new Command('loa')
      .description("Write the order's letter of agency, filled in, as a PDF to sign (never holds the PIN).")
      .argument('<id>')
      .option('--out <file>', 'where to write it (default loa-ID.pdf)'),
  ).action(async (id: string, options: OrdersOptions & { out?: string }) => {
    const { renderLoaPdf } = await import('../../orders/loa-pdf.js');
    const out = options.out ?? `loa-${id}.pdf`;
    const pdf = await withOrders(options, false, async (orders) =>
      renderLoaPdf(await orders.get(actorOf(options), id), {
        now: orders.now(),
        timeZone: orders.settings.timeZone,
      }),
    );
    writeFileSync(out, pdf);
    if (options.json) json({ file: out, bytes: pdf.byteLength });
    else print(`Wrote ${out} (${pdf.byteLength} bytes).`);
  });
}

export function ordersCommand(): Command {
  return new Command('orders')
    .description(
      'Port orders: create from a list of numbers, list, show, take actions, attach documents (acts as an admin).',
    )
    .addCommand(listCommand())
    .addCommand(showCommand())
    .addCommand(createCommand())
    .addCommand(editCommand())
    .addCommand(actCommand())
    .addCommand(focDatesCommand())
    .addCommand(documentCommand())
    .addCommand(loaCommand())
    .addHelpText(
      'after',
      `
The command line acts as role admin of --account (default "default"): it may take
every action, the desk's included. --json prints the API's JSON:API resources.

Example, from a check to a completed order:
  portcheck orders create --numbers numbers.txt --end-user end-user.json --requested-foc-date 2026-03-10
  portcheck orders loa po_… --out loa.pdf        (sign it, then attach the signed copy)
  portcheck orders document po_… signed-loa.pdf --type loa
  portcheck orders act po_… submit
  portcheck orders act po_… record-submission --data '{"occurred_at": "2026-03-02T15:00:00Z"}'
  portcheck orders act po_… record-foc --data '{"foc_date": "2026-03-10"}'
  portcheck orders act po_… complete
  portcheck orders list --status completed`,
    );
}
