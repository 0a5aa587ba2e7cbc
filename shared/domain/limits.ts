import { GOODS_CATEGORIES } from './codes.ts';
import { bilingual } from './text.ts';

/**
 * The most the API accepts, in one place (docs/limits.md says why each number). A real train
 * fits well within every one; together they keep every item the system writes under
 * `ITEM_SIZE_BUDGET_BYTES`, so no accepted request can fail on DynamoDB's 400 KB item size
 * (test/lifecycle/item-size-budget.test.ts builds the largest items the limits allow and
 * measures them). Lengths count characters as zod does (UTF-16 code units); sizes count UTF-8
 * bytes as DynamoDB does, so a Chinese character is one character and three bytes.
 */

/** DynamoDB's hard limit for one item, attribute names and values together. */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;
/** What the limits below must keep every item under: a quarter of the hard limit to spare. */
export const ITEM_SIZE_BUDGET_BYTES = 300 * 1024;
/** Step Functions' limit for an execution input, a state's data and a callback task's output; SNS's for a message. */
export const PAYLOAD_LIMIT_BYTES = 256 * 1024;

// Lists

/**
 * A China–Europe train carries at most about 110 TEU: 41–55 forty-foot or up to about 110
 * twenty-foot containers. 120 leaves room for a long train and is the registration's
 * `containerCapacity` ceiling.
 */
export const MAX_CONTAINERS_PER_TRAIN = 120;
/** A consignment rarely fills a train; it can never need more than one train's worth. */
export const MAX_CONTAINERS_PER_CONSIGNMENT = MAX_CONTAINERS_PER_TRAIN;
/**
 * Every consignment on a train has at least one container, so a train carries at most this many
 * consignments. No request schema can check it: a consignment joining a train must (docs/limits.md).
 */
export const MAX_CONSIGNMENTS_PER_TRAIN = MAX_CONTAINERS_PER_TRAIN;
/** China's customs declaration form holds at most 50 goods items; the inspection filing follows it. */
export const MAX_GOODS_LINES = 50;
/** Each goods line has its categories once each, so no more than there are categories. */
export const MAX_CATEGORIES_PER_LINE = GOODS_CATEGORIES.length;
/** At most one quarantine permit per goods line, or one approval for the whole consignment. */
export const MAX_PERMITS = MAX_GOODS_LINES;
/** Third-party certificates (§9) relied on by one filing; one per goods line is already generous. */
export const MAX_THIRD_PARTY_CERTIFICATES = 20;
/** HS codes, headings or chapters one certificate covers. */
export const MAX_CERTIFICATE_SCOPE = 20;
/** HS codes, headings or chapters a permit's product names: a permit is for one product, a few codes at most. */
export const MAX_PERMIT_HS_CODES = 20;
/** Origin countries (输出国家或地区) one permit allows. */
export const MAX_PERMIT_ORIGIN_COUNTRIES = 50;
/**
 * Consignments one permit serves (reserved, written off or returned). Each is a ~150-byte entry on
 * the permit item, so the item stays far under its budget; a real permit (a few hundred tonnes)
 * serves tens of consignments.
 */
export const MAX_CONSIGNMENTS_PER_PERMIT = 1000;
/** No permit or approval runs longer than a year (the longest validity the rules give). */
export const MAX_PERMIT_VALIDITY_DAYS = 366;
/** HS chapters, headings or codes in a recognised body's scope (§9): an accreditation lists tens, not hundreds. */
export const MAX_RECOGNITION_SCOPE = 100;

// Strings (characters, after trimming)

export const MAX_PARTY_NAME_LENGTH = 200;
export const MAX_GOODS_DESCRIPTION_LENGTH = 500;
export const MAX_SEAL_NUMBER_LENGTH = 40;
export const MAX_PERMIT_NUMBER_LENGTH = 40;
export const MAX_CERTIFICATE_NUMBER_LENGTH = 64;
export const MAX_CERTIFICATE_BODY_ID_LENGTH = 64;
/** A recognised body's accreditation: the accreditation body (e.g. `DAkkS`) and the number it gave. */
export const MAX_ACCREDITATION_BODY_LENGTH = 200;
export const MAX_ACCREDITATION_NUMBER_LENGTH = 64;
/** Why HQ withdrew a body's recognition. */
export const MAX_WITHDRAWAL_REASON_LENGTH = 500;
/** An officer's findings on a task: a page of text. */
export const MAX_FINDINGS_LENGTH = 4000;
/** What the train quarantine found on one container; the details go into the findings. */
export const MAX_CONTAINER_FINDING_LENGTH = 200;
export const MAX_TREATMENT_METHOD_LENGTH = 200;
/** Remarks on an actual train event (POST /trains/{id}/events). */
export const MAX_TRAIN_EVENT_REMARKS_LENGTH = 1000;
export const MAX_CANCELLATION_REASON_LENGTH = 500;
export const MAX_CITY_NAME_LENGTH = 100;
/** Ids a client names: a train (`X8001-20240301`), a corridor. */
export const MAX_REFERENCE_ID_LENGTH = 64;
/** `2016-08-11T09:30:00.123456789+08:00` is 35 characters; longer is only more fractional digits. */
export const MAX_TIMESTAMP_LENGTH = 35;

// Numbers: DynamoDB stores numbers from 1E-130 to 9.99E+125; these keep far inside.

/** The smallest quantity or weight: a millionth of the unit. */
export const MIN_QUANTITY = 0.000001;
/** A trillion units: grams or millilitres of a whole train with room to spare. */
export const MAX_QUANTITY = 1e12;
/** Ten thousand tonnes: more than three trains' worth of goods. */
export const MAX_NET_WEIGHT_KG = 1e7;
/** EventBridge Scheduler fires to the minute: a notice earlier than the crossing by less means nothing. */
export const MIN_PRE_ARRIVAL_NOTICE_HOURS = 1 / 60;
export const MAX_PRE_ARRIVAL_NOTICE_HOURS = 72;

// The alert platform (疫病疫情和异常情况信息通报平台, 408号 三（七）)

/** Countries or regions one alert covers: an epidemic crosses a few borders, not the whole list of 249 codes. */
export const MAX_ALERT_COUNTRIES = 50;
/** HS chapters, headings or codes one alert covers: a disease or pest concerns tens of headings at most. */
export const MAX_ALERT_HS_PREFIXES = 100;
/** Each language of an alert's description: a page of text. */
export const MAX_ALERT_DESCRIPTION_LENGTH = 2000;
/** Where the information comes from (a WOAH report, a bureau's findings), in one line. */
export const MAX_ALERT_SOURCE_LENGTH = 200;
/**
 * How far ahead of the moment it is published, approved or changed an alert may end. Its workflow
 * waits until then, and Step Functions runs an execution for at most a year; HQ extends a longer
 * measure by changing `validUntil`, which starts a new wait.
 */
export const MAX_ALERT_VALIDITY_DAYS = 360;
/** Consignments one alert candidate lists (one country and HS heading): far more than HQ needs to act on. */
export const MAX_CANDIDATE_CONSIGNMENTS = 200;
/** Countries, HS prefixes or categories an enterprise's alert subscription filters on, each. */
export const MAX_SUBSCRIPTION_FILTERS = 50;

// Coordination (408号 三（十）、四（一）–（三）): cases, the directory, reports and policy notices

/** A case's, report's or notice's title: one line. */
export const MAX_COORDINATION_TITLE_LENGTH = 200;
/** What a case is about, a message on it, its resolution or why it was withdrawn: a page of text, as an officer's findings. */
export const MAX_CASE_TEXT_LENGTH = 4000;
/**
 * Messages one case holds. Each is an item of its own, so this is not about item size: it bounds
 * what GET /cases/{id} reads and returns. A case that needs more is a meeting (工作会), out of scope.
 */
export const MAX_MESSAGES_PER_CASE = 200;
/** How long the addressed bureau may take per escalation round, when the opener asks: an hour (a train waiting) to a week. */
export const MIN_CASE_ANSWER_HOURS = 1;
export const MAX_CASE_ANSWER_HOURS = 168;
/** HQ's case statistics read the cases of their window one by one: a window holding more is refused (a narrower one answers). */
export const MAX_CASES_IN_STATS_WINDOW = 20_000;
/** A bureau's contact persons in the directory (分管业务处室及联系人): a division names a few, not a staff list. */
export const MAX_DIRECTORY_CONTACTS = 10;
/** A division's name (分管业务处室), a contact's name or job title. */
export const MAX_DIRECTORY_NAME_LENGTH = 100;
/** A telephone number with country code, extension and separators. */
export const MAX_PHONE_LENGTH = 40;
/** RFC 5321's limit on an e-mail address. */
export const MAX_EMAIL_LENGTH = 254;
/** The body of a report to HQ or of a policy notice: a few pages. */
export const MAX_COORDINATION_BODY_LENGTH = 8000;
/** Cases or trains a report refers to. */
export const MAX_REPORT_REFERENCES = 20;
/** A link in a policy notice (to the full text on the bureau's site). */
export const MAX_URL_LENGTH = 500;

/** "name must be at most N characters", bilingual, for a string limit. */
export function tooLong(zhName: string, enName: string, max: number): string {
  return bilingual(`${zhName}不超过 ${max} 个字符`, `${enName} must be at most ${max} characters`);
}

/** "at most N things", bilingual, for a list limit. */
export function tooMany(zhWhat: string, enWhat: string, max: number): string {
  return bilingual(`${zhWhat}最多 ${max} 个`, `at most ${max} ${enWhat}`);
}
