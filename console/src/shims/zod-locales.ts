/**
 * zod's namespace re-exports every locale (`z.locales`), which would put some 40 languages'
 * messages in the first page; the console speaks the two the API speaks.
 */
export { default as en } from 'zod/v4/locales/en.js';
export { default as zhCN } from 'zod/v4/locales/zh-CN.js';
