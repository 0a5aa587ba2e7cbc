import { expect } from 'vitest';
import { eventually, type TestCloud } from './test-cloud.ts';

export interface TaskView {
  id: string;
  consignmentId: string;
  kind: string;
  bureau: string;
  dueAt: string;
  createdAt: string;
  escalation: number;
}

export interface Notice {
  kind: string;
  consignmentId?: string;
  data?: Record<string, unknown>;
}

export interface ConsignmentView {
  id: string;
  status: string;
  inspectionPlan: { portInspection: boolean; reasons: Array<{ code: string; text: { zh: string; en: string } }> };
  events: Array<{ type: string; sequence: number; data?: Record<string, unknown> }>;
  openTasks: TaskView[];
  disposal?: { kind: string };
  clearanceDocument?: { number: string; issuedBy: string };
}

/** Bureau officers and declarants acting through the API, step by step. */
export class LifecycleDriver {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(private readonly t: TestCloud) {}

  officer(bureau: string): Promise<string> {
    return this.cached(`officer:${bureau}`, () => this.t.token({ bureau, role: 'officer' }));
  }

  hq(): Promise<string> {
    return this.cached('hq', () => this.t.token({ bureau: 'HQ', role: 'hq' }));
  }

  declarant(bureau: string, enterprise: string): Promise<string> {
    return this.cached(`declarant:${enterprise}`, () => this.t.token({ bureau, role: 'declarant', enterprise }));
  }

  private cached(key: string, mint: () => Promise<string>): Promise<string> {
    let token = this.tokens.get(key);
    if (!token) this.tokens.set(key, (token = mint()));
    return token;
  }

  async file(token: string, filing: unknown, headers: Record<string, string> = {}) {
    const response = await this.t.call<ConsignmentView & { executionArn: string }>('POST', '/consignments', token, filing, headers);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  /** Registers a permit or approval as an officer of `bureau` (POST /permits), for a filing to cite. */
  async permit(issue: unknown, bureau = 'CQ') {
    const response = await this.t.call<{ number: string; remaining: number }>('POST', '/permits', await this.officer(bureau), issue);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  /** Waits until the bureau's inbox of work holds the consignment's task of this kind. */
  async task(bureau: string, consignmentId: string, kind: string): Promise<TaskView> {
    const token = await this.officer(bureau);
    return eventually(async () => {
      const response = await this.t.call<{ items: TaskView[] }>('GET', '/tasks?limit=100', token);
      expect(response.status).toBe(200);
      return response.body.items.find((task) => task.consignmentId === consignmentId && task.kind === kind);
    }, `${kind} task for ${bureau}`);
  }

  async complete(bureau: string, taskId: string, result: unknown) {
    const response = await this.t.call('POST', `/tasks/${encodeURIComponent(taskId)}/complete`, await this.officer(bureau), result);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  async consignment(id: string, token?: string): Promise<ConsignmentView> {
    const response = await this.t.call<ConsignmentView>('GET', `/consignments/${id}`, token ?? (await this.hq()));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  /**
   * The inbox notices about one consignment, once every expected kind has arrived (notices travel
   * SNS → subscriber → inbox after the change that caused them).
   */
  async notices(token: string, consignmentId: string, expectedKinds: string[]): Promise<Notice[]> {
    return eventually(async () => {
      const inbox = await this.t.call<{ items: Notice[] }>('GET', '/notifications?limit=100', token);
      const about = inbox.body.items.filter((n) => n.consignmentId === consignmentId);
      return expectedKinds.every((kind) => about.some((n) => n.kind === kind)) ? about : undefined;
    }, `notices ${expectedKinds.join(', ')} about ${consignmentId}`);
  }

  /** How many consignments exist, as HQ lists them: what a refused write must leave unchanged. */
  async consignmentCount(): Promise<number> {
    let count = 0;
    let nextToken: string | undefined;
    const hq = await this.hq();
    do {
      const page = await this.t.call<{ items: unknown[]; nextToken?: string }>('GET', `/consignments?limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`, hq);
      count += page.body.items.length;
      nextToken = page.body.nextToken;
    } while (nextToken);
    return count;
  }

  /** Waits for a terminal status and returns the consignment. */
  async settled(id: string): Promise<ConsignmentView> {
    return eventually(async () => {
      const consignment = await this.consignment(id);
      return ['released', 'rejected'].includes(consignment.status) ? consignment : undefined;
    }, `consignment ${id} to be released or rejected`);
  }
}

export const passedPortChecks = (containers: string[]) => ({
  outcome: 'pass',
  details: { containers: containers.map((number) => ({ number, radiation: 'normal', quarantine: 'pass', treatment: 'done' })) },
});
