/**
 * An RFC 4180 reader for the tests, written from the RFC and nothing else (no CSV parser is among
 * the dependencies): fields separated by commas, records by CRLF, a quoted field may hold commas,
 * CR, LF and doubled quotes. Refuses what the RFC does not allow (a quote inside an unquoted
 * field, text after a closing quote, an unterminated quote), so a malformed file fails the test.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const atRecordEnd = () => text.startsWith('\r\n', i);
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < text.length && text[i] !== ',' && !atRecordEnd()) throw new Error(`text after a closing quote at ${i}`);
    } else {
      while (i < text.length && text[i] !== ',' && !atRecordEnd()) {
        if (text[i] === '"') throw new Error(`a quote inside an unquoted field at ${i}`);
        if (text[i] === '\n' || text[i] === '\r') throw new Error(`a bare line break at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    records.push(record);
    record = [];
    if (atRecordEnd()) i += 2;
    if (i >= text.length) return records;
  }
}
