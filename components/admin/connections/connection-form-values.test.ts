import { describe, expect, it } from 'vitest';
import type { ConnectionAdminView } from '@/lib/connection-admin';
import { groupFieldErrors, validateConnectionBody } from './connection-field-errors';
import { emptyFormValues, formValuesFromView, toConnectionBody, type ConnectionFormValues } from './connection-form-values';

const form = (over: Partial<ConnectionFormValues>): ConnectionFormValues => ({ ...emptyFormValues(over.vendor), ...over });

const view = (over: Partial<ConnectionAdminView>): ConnectionAdminView => ({
  id: 'hq',
  vendor: 'noojee',
  name: 'HQ',
  source: 'ui',
  sourceDetail: 'saved in Linesight',
  editable: true,
  enabled: true,
  status: 'live',
  lastEventAt: null,
  error: null,
  settings: {},
  secretsSet: [],
  manageHooks: false,
  ...over,
});

describe('toConnectionBody', () => {
  it('turns Noojee lines and commas into watched extensions, numbers into numbers', () => {
    const body = toConnectionBody(
      form({
        vendor: 'noojee',
        id: ' hq ',
        name: 'HQ',
        baseUrl: 'https://pbx.example',
        apiKey: 'k',
        extensions: '400, 410\n420 Alice Smith\n\n',
        pollTimeoutS: ' 20 ',
      }),
    );
    expect(body).toEqual({
      vendor: 'noojee',
      enabled: true,
      id: 'hq',
      name: 'HQ',
      baseUrl: 'https://pbx.example',
      apiKey: 'k',
      extensions: ['400', '410', { number: '420', name: 'Alice Smith' }],
      pollTimeoutS: 20,
    });
  });

  it('leaves out empty optional fields so the defaults apply', () => {
    const body = toConnectionBody(form({ vendor: 'telphin', id: 'ru', name: 'Moscow', baseUrl: 'https://apiproxy.telphin.ru', clientId: 'c' }));
    expect(body).toEqual({ vendor: 'telphin', enabled: true, id: 'ru', name: 'Moscow', baseUrl: 'https://apiproxy.telphin.ru', clientId: 'c' });
  });

  it('reads Switchvox accounts and queues as `accountId extension [name]` lines', () => {
    const body = toConnectionBody(
      form({
        vendor: 'switchvox',
        enabled: false,
        id: 'sales',
        name: 'Sales',
        url: 'https://sv.example',
        extension: '100',
        password: ' pass word ',
        accounts: '1101 101\n1102 102 Bob  Jones',
        queues: '1201 600 Support',
        insecureTls: true,
      }),
    );
    expect(body).toMatchObject({
      enabled: false,
      password: ' pass word ',
      accounts: [
        { accountId: 1101, extension: '101' },
        { accountId: 1102, extension: '102', name: 'Bob Jones' },
      ],
      queues: [{ accountId: 1201, extension: '600', name: 'Support' }],
      insecureTls: true,
    });
    expect(body).not.toHaveProperty('caPem');
    expect(body).not.toHaveProperty('baseUrl');
  });

  it('splits VoipNow extensions on lines, commas and spaces; keeps a non-number as typed', () => {
    const body = toConnectionBody(form({ vendor: 'voipnow', extensions: '0003*210, 0003*211\n0003*212 0003*213', pollIntervalS: '2.5x' }));
    expect(body.extensions).toEqual(['0003*210', '0003*211', '0003*212', '0003*213']);
    expect(body.pollIntervalS).toBe('2.5x');
  });

  it('omits an empty secret, which on edit keeps the stored one', () => {
    const values = formValuesFromView(
      view({ vendor: 'voipnow', id: 'eu', settings: { baseUrl: 'https://v.example', clientId: 'c', extensions: ['0003*210'] }, secretsSet: ['clientSecret'] }),
    );
    expect(values.clientSecret).toBe('');
    expect(toConnectionBody(values)).not.toHaveProperty('clientSecret');
  });
});

describe('formValuesFromView', () => {
  it('fills the edit form from settings and round-trips to the same config', () => {
    const settings = {
      id: 'sales',
      vendor: 'switchvox',
      name: 'Sales',
      url: 'https://sv.example',
      extension: '100',
      accounts: [{ accountId: 1101, extension: '101', name: 'Ann' }, { accountId: 1102, extension: '102' }],
      queues: [],
      insecureTls: false,
    };
    const values = formValuesFromView(view({ id: 'sales', vendor: 'switchvox', name: 'Sales', settings, enabled: false }));
    expect(values).toMatchObject({ vendor: 'switchvox', enabled: false, accounts: '1101 101 Ann\n1102 102', queues: '', password: '' });
    const { vendor, enabled, ...rest } = toConnectionBody(values);
    expect({ vendor, enabled }).toEqual({ vendor: 'switchvox', enabled: false });
    expect(rest).toEqual({ id: 'sales', name: 'Sales', url: 'https://sv.example', extension: '100', accounts: settings.accounts, insecureTls: false });
  });

  it('writes named Noojee extensions back as `number name` lines', () => {
    const values = formValuesFromView(view({ settings: { extensions: ['400', { number: '410', name: 'Bo' }], pollTimeoutS: 25, tech: 'SIP' } }));
    expect(values).toMatchObject({ extensions: '400\n410 Bo', pollTimeoutS: '25', tech: 'SIP' });
  });
});

describe('validateConnectionBody + groupFieldErrors', () => {
  const noojee = form({ vendor: 'noojee', id: 'hq', name: 'HQ', baseUrl: 'https://pbx.example', extensions: '400' });

  it('requires a secret on create but not on edit', () => {
    const body = toConnectionBody(noojee);
    expect(validateConnectionBody(body, 'create')).toEqual({ apiKey: ['Required.'] });
    expect(validateConnectionBody(body, 'edit')).toEqual({});
  });

  it('puts list-item errors under the list field, numbered as the admin typed them', () => {
    const body = toConnectionBody({ ...noojee, apiKey: 'k', extensions: '400\nSIP/410', pollTimeoutS: 'soon' });
    const grouped = groupFieldErrors(validateConnectionBody(body, 'create'), 'noojee');
    expect(grouped.byField).toEqual({ extensions: ['Entry 2: bare extension numbers, no tech prefix'], pollTimeoutS: ['Enter a number.'] });
    expect(grouped.other).toEqual([]);
  });

  it('words range and whole-number errors plainly', () => {
    const body = toConnectionBody({ ...noojee, apiKey: 'k', pollTimeoutS: '2.5' });
    expect(validateConnectionBody(body, 'create')).toEqual({ pollTimeoutS: ['Enter a whole number.'] });
    expect(validateConnectionBody({ ...body, pollTimeoutS: 500 }, 'create')).toEqual({ pollTimeoutS: ['At most 120.'] });
  });

  it('maps server paths such as accounts.1.accountId and keeps unknown ones for the form alert', () => {
    const grouped = groupFieldErrors(
      { baseUrl: ['Invalid URL'], 'accounts.1.accountId': ['Expected a number'], 'extensions.0': ['like 0003*210'], _: ['Bad body'], x: ['odd'] },
      'switchvox',
    );
    expect(grouped.byField).toEqual({ accounts: ['Line 2 (account id): Expected a number'] });
    expect(grouped.other).toEqual(['baseUrl: Invalid URL', 'extensions.0: like 0003*210', 'Bad body', 'x: odd']);
    expect(groupFieldErrors({ 'extensions.0': ['like 0003*210'], id: ['taken'] }, 'voipnow').byField).toEqual({
      extensions: ['Entry 1: like 0003*210'],
      id: ['taken'],
    });
  });

  it('accepts a complete Telphin draft with no extensions (all of them)', () => {
    const body = toConnectionBody(form({ vendor: 'telphin', id: 'ru', name: 'M', baseUrl: 'https://a.example', clientId: 'c', clientSecret: 's' }));
    expect(validateConnectionBody(body, 'create')).toEqual({});
  });
});
