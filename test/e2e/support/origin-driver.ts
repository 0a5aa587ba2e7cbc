import { expect } from 'vitest';
import type { LifecycleDriver, TaskView } from './lifecycle-driver.ts';
import { eventually, type TestCloud } from './test-cloud.ts';

export interface ApplicationView {
  id: string;
  consignmentId: string;
  form: string;
  status: string;
  originBureau: string;
  review?: { decision: string; reason?: string; remarks?: string; by: { bureau: string } };
  certificate?: { id: string; serial: string; issuedAt: string };
  tasks: Array<TaskView & { applicationId: string; status: string }>;
}

export interface InboxNotice {
  kind: string;
  consignmentId?: string;
  data?: Record<string, unknown>;
}

/** An exporter applying for certificates of origin and the origin bureau reviewing them, through the API. */
export class OriginDriver {
  constructor(
    private readonly t: TestCloud,
    private readonly driver: LifecycleDriver,
  ) {}

  async apply(token: string, application: unknown, headers: Record<string, string> = {}): Promise<{ id: string; status: string; executionArn: string }> {
    const response = await this.t.call<{ id: string; status: string; executionArn: string }>('POST', '/origin-certificate-applications', token, application, headers);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  async application(id: string, token?: string): Promise<ApplicationView> {
    const response = await this.t.call<ApplicationView>('GET', `/origin-certificate-applications/${id}`, token ?? (await this.driver.hq()));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  /** Waits until the bureau's queue holds the application's review task. */
  async reviewTask(bureau: string, applicationId: string): Promise<TaskView & { applicationId: string }> {
    const token = await this.driver.officer(bureau);
    return eventually(async () => {
      const response = await this.t.call<{ items: Array<TaskView & { applicationId?: string }> }>('GET', '/tasks?limit=100', token);
      expect(response.status).toBe(200);
      const task = response.body.items.find((item) => item.applicationId === applicationId && item.kind === 'origin-certificate-review');
      return task && { ...task, applicationId };
    }, `review task of ${applicationId} for ${bureau}`);
  }

  /** Waits until the application is issued or refused. */
  settled(id: string): Promise<ApplicationView> {
    return eventually(async () => {
      const application = await this.application(id);
      return ['issued', 'refused'].includes(application.status) ? application : undefined;
    }, `application ${id} to be issued or refused`);
  }

  /** The caller's inbox notices about one application, once every expected kind has arrived. */
  notices(token: string, applicationId: string, expectedKinds: string[]): Promise<InboxNotice[]> {
    return eventually(async () => {
      const inbox = await this.t.call<{ items: InboxNotice[] }>('GET', '/notifications?limit=100', token);
      expect(inbox.status).toBe(200);
      const about = inbox.body.items.filter((n) => n.data?.applicationId === applicationId);
      return expectedKinds.every((kind) => about.some((n) => n.kind === kind)) ? about : undefined;
    }, `notices ${expectedKinds.join(', ')} about ${applicationId}`);
  }

  /** How many applications exist, as HQ lists them status by status: what a refused request must leave unchanged. */
  async count(): Promise<number> {
    let count = 0;
    for (const status of ['submitted', 'under-review', 'approved', 'issued', 'refused']) {
      const response = await this.t.call<{ items: unknown[] }>('GET', `/origin-certificate-applications?status=${status}&limit=100`, await this.driver.hq());
      expect(response.status).toBe(200);
      count += response.body.items.length;
    }
    return count;
  }
}
