// NANPA central office code reports in the published layout: tab-separated,
// space-padded cells, CRLF line ends, Latin-1 bytes.

const row = (...cells: string[]) => cells.join('\t');

/** The original header (allutlzd.txt): 4 data rows, one of them not AS. */
export const COCODES_OLD: readonly string[] = [
  row(
    'State',
    'NPA-NXX',
    'OCN',
    'Company',
    'RateCenter',
    'EffectiveDate',
    'Use',
    'AssignDate',
    'Initial/Growth',
  ),
  row(
    'AK',
    '907-200',
    '8233',
    'ALASCOM, INC. DBA AT&T ALASKA - AK      ',
    'ANCHORAGE ',
    '          ',
    'AS',
    '00/00/0000',
    'I   ',
  ),
  row(
    'AK',
    '907-201',
    '732f',
    'Réseau Ümlaut Wireless                  ',
    'Anchorage ',
    '01/02/2003',
    'AS',
    '12/30/2002',
    'G   ',
  ),
  row(
    'AK',
    '907-299',
    '    ',
    '                                        ',
    '          ',
    '          ',
    'UA',
    '          ',
    '    ',
  ),
  row(
    'PR',
    '787-200',
    '4012',
    'Compañía Telefónica de Borinquén        ',
    'SAN JUAN  ',
    '          ',
    'as',
    '00/00/0000',
    'I   ',
  ),
];

/**
 * The newer header: upper-case and padded names, `Pooled Code` and `In
 * Service` added, and a last cell naming the file's date that no row fills.
 */
export const COCODES_NEW: readonly string[] = [
  row(
    'STATE ',
    'NPA-NXX ',
    'OCN ',
    'Company  ',
    'RateCenter ',
    'EffectiveDate',
    'Use',
    'AssignDate',
    'Pooled Code',
    'Initial/Growth',
    'In Service',
    'File Updated 03/04/2020',
  ),
  row(
    'AK',
    '907-200',
    '8233',
    'ALASCOM, INC. DBA AT&T ALASKA - AK      ',
    'ANCHORAGE ',
    '          ',
    'AS',
    '00/00/0000',
    'N',
    'I   ',
    'Y',
  ),
  row(
    'AK',
    '907-201',
    '732F',
    'Réseau Ümlaut Wireless                  ',
    'Anchorage ',
    '01/02/2003',
    'AS',
    '12/30/2002',
    'Y',
    'G   ',
    'Y',
  ),
  row(
    'AK',
    '907-299',
    '    ',
    '                                        ',
    '          ',
    '          ',
    'UA',
    '          ',
    ' ',
    '    ',
    ' ',
  ),
  row(
    'PR',
    '787-200',
    '4012',
    'Compañía Telefónica de Borinquén        ',
    'SAN JUAN  ',
    '          ',
    'AS',
    '00/00/0000',
    'N',
    'I   ',
    'Y',
  ),
];

/** A map with the same pair twice (accepted: same LATA) and a rate centre the reports do not use. */
export const LATA_MAP =
  'state,rate_center,lata\nAK,ANCHORAGE,832\nak,Anchorage,832\nPR,SAN JUAN,820\nAK,JUNEAU,832\n';

/** The report's bytes as NANPA publishes them: Latin-1, CRLF. */
export function latin1Report(lines: readonly string[]): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');
}
