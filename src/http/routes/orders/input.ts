// The API's snake_case input, as the domain's camelCase patch: only the members the client sent.
import type { OrderPatch } from '../../../domain/orders/edits.js';
import type { EndUser, ServiceAddress } from '../../../domain/orders/types.js';

type Maybe<T> = T | null | undefined;

export interface EndUserBody {
  subscriber_type?: Maybe<'business' | 'residential'>;
  entity_name?: Maybe<string>;
  authorized_person?: Maybe<string>;
  account_number?: Maybe<string>;
  pin?: Maybe<string>;
  btn?: Maybe<string>;
  service_address?: Maybe<Partial<Record<keyof ServiceAddress, string | null>>>;
}

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function endUserIn(
  body: EndUserBody | undefined,
): Partial<Omit<EndUser, 'serviceAddress'>> & { serviceAddress?: Partial<ServiceAddress> | null } {
  if (!body) return {};
  return defined({
    subscriberType: body.subscriber_type,
    entityName: body.entity_name,
    authorizedPerson: body.authorized_person,
    accountNumber: body.account_number,
    pin: body.pin,
    btn: body.btn,
    serviceAddress:
      body.service_address === undefined ? undefined : body.service_address && defined(body.service_address),
  });
}

export interface PatchBody {
  customer_reference?: Maybe<string>;
  alias?: Maybe<string>;
  end_user?: EndUserBody;
  port_type?: Maybe<'full' | 'partial'>;
  remaining_numbers_action?: Maybe<'keep' | 'disconnect'>;
  new_btn?: Maybe<string>;
  target_resporg?: Maybe<string>;
  requested_foc_date?: Maybe<string>;
  port_kind?: Maybe<'simple' | 'non_simple'>;
}

export function patchIn(a: PatchBody): OrderPatch {
  return defined({
    customerReference: a.customer_reference,
    alias: a.alias,
    endUser: a.end_user === undefined ? undefined : endUserIn(a.end_user),
    portType: a.port_type,
    remainingNumbersAction: a.remaining_numbers_action,
    newBtn: a.new_btn,
    targetResporg: a.target_resporg,
    requestedFocDate: a.requested_foc_date,
    portKind: a.port_kind,
  }) as OrderPatch;
}

/** A new order's end user: what the client sent, null for the rest. */
export function newEndUser(body: EndUserBody | undefined): EndUser {
  const given = endUserIn(body);
  const address = given.serviceAddress;
  return {
    subscriberType: given.subscriberType ?? null,
    entityName: given.entityName ?? null,
    authorizedPerson: given.authorizedPerson ?? null,
    accountNumber: given.accountNumber ?? null,
    pin: given.pin ?? null,
    btn: given.btn ?? null,
    serviceAddress: address
      ? {
          street: address.street ?? null,
          unit: address.unit ?? null,
          city: address.city ?? null,
          state: address.state ?? null,
          zip: address.zip ?? null,
          country: address.country ?? null,
        }
      : null,
  };
}
