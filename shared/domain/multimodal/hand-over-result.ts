import { z } from 'zod';
import { MAX_CONTAINERS_PER_CONSIGNMENT, MAX_SEAL_NUMBER_LENGTH, tooLong } from '../limits.ts';
import { findingsSchema } from '../tasks/findings.ts';
import { bilingual } from '../text.ts';
import { containerNumberSchema } from '../validators/container-number.ts';

/**
 * The hand-over bureau's answer at the change of mode (408号 三（九）): each container with the seal
 * found on it. A seal that is not the one declared at filing, or a broken one, means the goods
 * may have been tampered with between the modes: the answer cannot be a pass, and a failed
 * hand-over names what happens to the goods (returned or destroyed; the consignment is rejected).
 */
export const handOverDetailsSchema = z.object({
  containers: z
    .array(
      z.object({
        number: containerNumberSchema,
        sealNumber: z
          .string({ error: bilingual('封识号须为字符串', 'sealNumber must be a string') })
          .trim()
          .min(1, { error: bilingual('封识号不能为空', 'sealNumber must not be empty') })
          .max(MAX_SEAL_NUMBER_LENGTH, { error: tooLong('封识号', 'sealNumber', MAX_SEAL_NUMBER_LENGTH) }),
        sealIntact: z.boolean({ error: bilingual('须说明封识是否完好', 'sealIntact must be true or false') }),
      }),
      { error: bilingual('集装箱结果须为数组', 'containers must be an array') },
    )
    .min(1, { error: bilingual('须逐箱核对封识', 'the hand-over checks the seal of every container') })
    .max(MAX_CONTAINERS_PER_CONSIGNMENT, { error: bilingual(`最多 ${MAX_CONTAINERS_PER_CONSIGNMENT} 个集装箱`, `at most ${MAX_CONTAINERS_PER_CONSIGNMENT} containers`) }),
  disposal: z.enum(['return', 'destroy'], { error: bilingual('交接不合格的处置方式须为 return 或 destroy', 'a failed hand-over disposes of the goods by return or destroy') }).optional(),
  findings: findingsSchema,
});
export type HandOverDetails = z.infer<typeof handOverDetailsSchema>;

/** What a hand-over answer must agree with: every declared container once, with its declared seal, or a fail. */
export function handOverProblems(
  result: { outcome: 'pass' | 'fail'; details?: unknown },
  consignment: { containers: ReadonlyArray<{ number: string; sealNumber?: string | undefined }> },
): Array<{ path: string; message: string }> {
  const parsed = handOverDetailsSchema.safeParse(result.details);
  if (!parsed.success) return [{ path: 'details', message: bilingual('须逐箱填报封识核对结果', 'the hand-over reports the seal of every container') }];
  const declared = new Map(consignment.containers.map((c) => [c.number, c.sealNumber]));
  const problems: Array<{ path: string; message: string }> = [];
  const seen = new Set<string>();
  const broken: string[] = [];
  parsed.data.containers.forEach((container, i) => {
    if (!declared.has(container.number)) {
      problems.push({ path: `details.containers.${i}.number`, message: bilingual(`集装箱 ${container.number} 不属于该批货物`, `container ${container.number} is not in this consignment`) });
    } else {
      const expected = declared.get(container.number);
      if (!container.sealIntact || (expected !== undefined && expected !== container.sealNumber)) broken.push(container.number);
    }
    if (seen.has(container.number)) problems.push({ path: `details.containers.${i}.number`, message: bilingual(`集装箱 ${container.number} 重复填报`, `container ${container.number} is reported twice`) });
    seen.add(container.number);
  });
  const missing = [...declared.keys()].filter((n) => !seen.has(n));
  if (missing.length > 0) problems.push({ path: 'details.containers', message: bilingual(`缺少集装箱 ${missing.join(', ')} 的封识核对结果`, `no seal check for container(s) ${missing.join(', ')}`) });
  if (result.outcome === 'pass' && broken.length > 0) {
    problems.push({
      path: 'outcome',
      message: bilingual(`集装箱 ${broken.join(', ')} 封识与申报不符或已损坏，结果不能为合格`, `container(s) ${broken.join(', ')}: seal not as declared or broken, so the outcome cannot be pass`),
    });
  }
  return problems;
}
