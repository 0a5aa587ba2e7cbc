import { KmsError, validation } from './errors.ts';

/**
 * Reads the members of a KMS request and checks them the way AWS's front end does before any key
 * is looked up: every violated constraint is collected into one ValidationException
 * ("2 validation errors detected: Value '' at 'keyId' failed to satisfy constraint: ..."). A
 * member of the wrong JSON type is a SerializationException, as from AWS. Blobs arrive as base64
 * and are never echoed in a message (the value is left out: "Value at 'message' ...").
 */
const ASCII = /^[\p{ASCII}]+$/u;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

interface StringConstraints {
  min?: number;
  max?: number;
  /** The identifiers KMS takes (key ids, ARNs, aliases) must be ASCII. */
  ascii?: boolean;
}

const serialization = (member: string, expected: string) =>
  new KmsError('SerializationException', `The member ${member} must be ${expected}.`);

export class Members {
  private readonly violations: string[] = [];

  constructor(private readonly body: Record<string, unknown>) {}

  private violated(value: string, field: string, constraint: string): void {
    this.violations.push(`Value ${value}at '${field}' failed to satisfy constraint: Member must ${constraint}`);
  }

  private raw(member: string): unknown {
    const value = this.body[member];
    return value === null ? undefined : value;
  }

  string(member: string, field: string, constraints: StringConstraints & { required: true }): string;
  string(member: string, field: string, constraints?: StringConstraints): string | undefined;
  string(member: string, field: string, constraints: StringConstraints & { required?: boolean } = {}): string | undefined {
    const value = this.raw(member);
    if (value === undefined) {
      if (constraints.required) this.violated('null ', field, 'not be null');
      return constraints.required ? '' : undefined;
    }
    if (typeof value !== 'string') throw serialization(member, 'a string');
    const shown = `'${value}' `;
    if (constraints.min !== undefined && value.length < constraints.min) this.violated(shown, field, `have length greater than or equal to ${constraints.min}`);
    if (constraints.max !== undefined && value.length > constraints.max) this.violated(shown, field, `have length less than or equal to ${constraints.max}`);
    if (constraints.ascii && !ASCII.test(value)) this.violated(shown, field, 'satisfy regular expression pattern: ^\\p{ASCII}+$');
    return value;
  }

  enumValue<T extends string>(member: string, field: string, values: readonly T[], required: true): T;
  enumValue<T extends string>(member: string, field: string, values: readonly T[], required?: false): T | undefined;
  enumValue<T extends string>(member: string, field: string, values: readonly T[], required = false): T | undefined {
    const value = this.raw(member);
    if (value === undefined) {
      if (required) this.violated('null ', field, 'not be null');
      return required ? values[0] : undefined;
    }
    if (typeof value !== 'string') throw serialization(member, 'a string');
    if (!(values as readonly string[]).includes(value)) {
      this.violated(`'${value}' `, field, `satisfy enum value set: [${values.join(', ')}]`);
      return values[0];
    }
    return value as T;
  }

  /** A blob member: base64 in the JSON, bytes here. `sensitive` members hide even a null. */
  blob(member: string, field: string, constraints: { min: number; max: number; sensitive?: boolean }): Buffer {
    const value = this.raw(member);
    if (value === undefined) {
      this.violated(constraints.sensitive ? '' : 'null ', field, 'not be null');
      return Buffer.alloc(0);
    }
    if (typeof value !== 'string' || !BASE64.test(value)) throw serialization(member, 'base64-encoded binary data');
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length < constraints.min) this.violated('', field, `have length greater than or equal to ${constraints.min}`);
    if (bytes.length > constraints.max) this.violated('', field, `have length less than or equal to ${constraints.max}`);
    return bytes;
  }

  boolean(member: string): boolean | undefined {
    const value = this.raw(member);
    if (value !== undefined && typeof value !== 'boolean') throw serialization(member, 'a boolean');
    return value;
  }

  integer(member: string, field: string, constraints: { min: number; max: number }): number | undefined {
    const value = this.raw(member);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization(member, 'an integer');
    if (value < constraints.min) this.violated(`'${value}' `, field, `have value greater than or equal to ${constraints.min}`);
    if (value > constraints.max) this.violated(`'${value}' `, field, `have value less than or equal to ${constraints.max}`);
    return value;
  }

  /** Throws the ValidationException listing every violation, if any. */
  check(): void {
    if (this.violations.length > 0) throw validation(this.violations);
  }
}
