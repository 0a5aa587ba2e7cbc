import stripJsonComments from 'strip-json-comments';

/**
 * The JSON5 the LocalStack templates use: JSON plus comments and trailing commas. (No JSON5
 * package is installed; the one template that needs more, an SQS call chain, is skipped anyway.)
 */
export function parseJson5(text: string): unknown {
  return JSON.parse(withoutTrailingCommas(stripJsonComments(text)));
}

function withoutTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j] as string)) j++;
      if (text[j] === '}' || text[j] === ']') continue;
    }
    out += c;
  }
  return out;
}
