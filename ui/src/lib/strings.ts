// Every string the clerk sees lives here, so wording is reviewed in one place.
export const strings = {
  appTitle: 'میز آموزش تعاون',
  appSubtitle: 'ثبت تعاونی‌ها، نیازسنجی و معرفی به آموزش فنی و حرفه‌ای',
  versionLabel: 'نسخه',
  versionLoading: 'در حال خواندن نسخه…',
  versionUnavailable: 'نسخهٔ برنامه خوانده نشد.',
} as const;
