import { expect } from 'vitest';
import type { LifecycleDriver, TaskView } from './lifecycle-driver.ts';
import { eventually, type TestCloud } from './test-cloud.ts';

export interface CaseView {
  id: string;
  kind: string;
  status: string;
  stage: string;
  escalation: number;
  openedBy: { bureau: string };
  addressedBureau: string;
  leadBureau: string;
  executionArn: string;
  outcome?: { outcome: string; text: string; by: { bureau: string }; escalation: number; resolvedAs?: string };
  history: Array<{ type: string; level?: number; notified?: string; by?: { bureau: string }; text?: string }>;
  messages: Array<{ sequence: number; text: string; by: { bureau: string } }>;
  task?: TaskView & { caseId: string; status: string };
}

export interface InboxNotice {
  kind: string;
  data?: Record<string, unknown>;
}

/** A general case between Chongqing and Sichuan, both of the Xinjiang-led group only: its lead is XJ. */
export const generalCase = (overrides: Record<string, unknown> = {}) => ({
  kind: 'documents',
  subject: { type: 'general' },
  addressedBureau: 'SC',
  title: '成都发运班列随附单证格式不一致',
  description: 'Certificates of the Chengdu trains carry the seal on the second page; our officers ask for it on the first.',
  ...overrides,
});

/** Bureaus raising and answering coordination cases through the API. */
export class CaseDriver {
  constructor(
    private readonly t: TestCloud,
    private readonly driver: LifecycleDriver,
  ) {}

  async open(bureau: string, body: unknown, headers: Record<string, string> = {}): Promise<{ id: string; status: string; leadBureau: string; executionArn: string }> {
    const response = await this.t.call<{ id: string; status: string; leadBureau: string; executionArn: string }>('POST', '/cases', await this.driver.officer(bureau), body, headers);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  async read(id: string, token?: string): Promise<CaseView> {
    const response = await this.t.call<CaseView>('GET', `/cases/${id}`, token ?? (await this.driver.hq()));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  /** Waits until the addressed bureau's queue holds the case's task. */
  task(bureau: string, caseId: string): Promise<TaskView & { caseId: string }> {
    return eventually(async () => {
      const response = await this.t.call<{ items: Array<TaskView & { caseId?: string }> }>('GET', '/tasks?limit=100', await this.driver.officer(bureau));
      expect(response.status).toBe(200);
      const task = response.body.items.find((item) => item.caseId === caseId && item.kind === 'coordination-case');
      return task && { ...task, caseId };
    }, `the task of case ${caseId} for ${bureau}`);
  }

  /** Waits until the case is resolved or withdrawn and its workflow has ended. */
  settled(id: string): Promise<CaseView> {
    return eventually(async () => {
      const c = await this.read(id);
      if (!['resolved', 'withdrawn'].includes(c.status)) return undefined;
      const execution = await this.t.call<{ execution: { status: string } }>('GET', `/executions/${id}`, await this.driver.hq());
      return execution.body.execution?.status === 'SUCCEEDED' ? c : undefined;
    }, `case ${id} to end`);
  }

  /** The caller's inbox notices about one case, once every expected kind has arrived. */
  notices(token: string, caseId: string, expectedKinds: string[]): Promise<InboxNotice[]> {
    return eventually(async () => {
      const inbox = await this.t.call<{ items: InboxNotice[] }>('GET', '/notifications?limit=100', token);
      expect(inbox.status).toBe(200);
      const about = inbox.body.items.filter((n) => n.data?.caseId === caseId);
      return expectedKinds.every((kind) => about.some((n) => n.kind === kind)) ? about : undefined;
    }, `notices ${expectedKinds.join(', ')} about case ${caseId}`);
  }

  /** How many cases HQ lists: what a refused request must leave unchanged. */
  async count(): Promise<number> {
    let count = 0;
    let nextToken: string | undefined;
    do {
      const page = await this.t.call<{ items: unknown[]; nextToken?: string }>('GET', `/cases?limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`, await this.driver.hq());
      expect(page.status).toBe(200);
      count += page.body.items.length;
      nextToken = page.body.nextToken;
    } while (nextToken);
    return count;
  }
}
