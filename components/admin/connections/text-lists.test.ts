import { describe, expect, it } from 'vitest';
import { formatListLines, parseAccountLines, parseExtensionList, parseWatchedExtensions, textLines } from './text-lists';

describe('text lists', () => {
  it('drops blank lines and surrounding spaces, including Windows line ends', () => {
    expect(textLines(' a \r\n\r\n b\n')).toEqual(['a', 'b']);
  });

  it('reads watched extensions with optional names', () => {
    expect(parseWatchedExtensions('400,410 Bob\n 420  Ann  Lee ')).toEqual(['400', { number: '410', name: 'Bob' }, { number: '420', name: 'Ann Lee' }]);
    expect(parseWatchedExtensions('')).toEqual([]);
  });

  it('reads extension names separated by anything', () => {
    expect(parseExtensionList('0003*101,101\n 0003*102  0003*103 ')).toEqual(['0003*101', '101', '0003*102', '0003*103']);
  });

  it('keeps a non-numeric account id as typed so the schema can name the line', () => {
    expect(parseAccountLines('x1 101')).toEqual([{ accountId: 'x1', extension: '101' }]);
    expect(parseAccountLines('1101')).toEqual([{ accountId: 1101, extension: '' }]);
  });

  it('writes lists back one entry per line', () => {
    expect(formatListLines(['0003*210', { number: '400', name: 'Al' }, { accountId: 7, extension: '101' }])).toBe('0003*210\n400 Al\n7 101');
    expect(formatListLines(undefined)).toBe('');
  });
});
