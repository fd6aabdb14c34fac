//! Printing: JSON for scripts, aligned Persian tables for people.

use std::io::{IsTerminal, Write};

use serde::Serialize;
use taavon_core::catalog::{CourseView, ProviderView};
use taavon_core::demo::DemoSummary;
use taavon_core::error::ErrorBody;
use taavon_core::import::ImportOutcome;
use taavon_core::merge::{MergeCounts, OrgMerge, PersonMerge};
use taavon_core::needs::{CampaignView, NeedView, NomineeView, Roadmap};
use taavon_core::registry::{
    MembershipView, NamedItem, OrgDetail, OrgView, Page, PersonDetail, PersonView, UnionLink,
};
use taavon_core::report::{fa_number, fa_percent, Figures};
use taavon_core::rounds::{BuildReport, CandidateList, QuotaView, ReferralView, RoundView};
use taavon_core::text::to_persian_digits;
use taavon_core::{Error, Result};

pub struct Out {
    json: bool,
}

fn fa(s: &str) -> String {
    to_persian_digits(s)
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(fa).unwrap_or_else(|| "—".into())
}

/// Terminal columns a string takes; ZWNJ and marks take none.
fn width(s: &str) -> usize {
    s.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200C}' | '\u{200D}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
            )
        })
        .count()
}

/// A row of cells for each item, under `headers`.
fn print_table<T>(
    headers: &[&str],
    items: impl IntoIterator<Item = T>,
    row: impl FnMut(T) -> Vec<String>,
) {
    let rows: Vec<Vec<String>> = items.into_iter().map(row).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - width(c))))
            .collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(headers.iter().map(|h| h.to_string()).collect());
    line(widths.iter().map(|w| "─".repeat(*w)).collect());
    for row in rows {
        line(row);
    }
}

fn print_pairs(pairs: &[(&str, String)]) {
    let w = pairs.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    for (k, v) in pairs {
        println!("{k}{}  {v}", " ".repeat(w - width(k)));
    }
}

fn yes_no(b: bool) -> String {
    if b { "بله" } else { "خیر" }.into()
}

impl Out {
    pub fn new(json: bool) -> Self {
        Out { json }
    }

    /// `value` as JSON with `--json`, otherwise what `human` prints.
    fn either<T: Serialize + ?Sized>(&self, value: &T, human: impl FnOnce()) -> Result<()> {
        if self.json {
            let text = serde_json::to_string_pretty(value).expect("views serialize");
            println!("{text}");
        } else {
            human();
        }
        Ok(())
    }

    pub fn person(&mut self, p: &PersonView) -> Result<()> {
        self.either(p, || {
            print_pairs(&person_pairs(p));
        })
    }

    pub fn person_detail(&mut self, d: &PersonDetail) -> Result<()> {
        self.either(d, || {
            print_pairs(&person_pairs(&d.person));
            println!();
            println!("نقش‌ها در تعاونی‌ها:");
            self.membership_rows(&d.memberships, true);
        })
    }

    pub fn people(&mut self, page: &Page<PersonView>) -> Result<()> {
        self.either(&page.items, || {
            print_table(
                &[
                    "کد ملی",
                    "نام خانوادگی",
                    "نام",
                    "نام پدر",
                    "تاریخ تولد",
                    "همراه",
                ],
                page.items.iter(),
                |p| {
                    vec![
                        fa(&p.national_code),
                        p.last_name.clone(),
                        p.first_name.clone(),
                        opt(&p.father_name),
                        opt(&p.birth_date_jalali),
                        opt(&p.mobile),
                    ]
                },
            );
            page_footer(page.total, page.page, page.page_size, page.items.len());
        })
    }

    pub fn org(&mut self, o: &OrgView) -> Result<()> {
        self.either(o, || {
            print_pairs(&org_pairs(o));
        })
    }

    pub fn org_detail(&mut self, d: &OrgDetail) -> Result<()> {
        self.either(d, || {
            print_pairs(&org_pairs(&d.organization));
            if !d.unions.is_empty() {
                let names: Vec<&str> = d.unions.iter().map(|u| u.name.as_str()).collect();
                println!("عضو اتحادیه‌ها: {}", names.join("، "));
            }
            if !d.member_cooperatives.is_empty() {
                println!(
                    "\nتعاونی‌های عضو ({}):",
                    fa(&d.member_cooperatives.len().to_string())
                );
                for c in &d.member_cooperatives {
                    println!("  {} ({})", c.name, opt(&c.national_id));
                }
            }
            println!("\nاشخاص ({}):", fa(&d.people.len().to_string()));
            self.membership_rows(&d.people, false);
        })
    }

    pub fn orgs(&mut self, page: &Page<OrgView>) -> Result<()> {
        self.either(&page.items, || {
            print_table(
                &[
                    "شناسه ملی",
                    "نام",
                    "نوع",
                    "زمینه",
                    "شهرستان",
                    "اعضا",
                    "وضعیت",
                ],
                page.items.iter(),
                |o| {
                    vec![
                        opt(&o.national_id),
                        o.name.clone(),
                        o.kind_label.clone(),
                        o.field_label.clone(),
                        opt(&o.county),
                        o.member_count
                            .map(|n| fa(&n.to_string()))
                            .unwrap_or_else(|| "—".into()),
                        o.status_label.clone(),
                    ]
                },
            );
            page_footer(page.total, page.page, page.page_size, page.items.len());
        })
    }

    pub fn membership(&mut self, m: &MembershipView) -> Result<()> {
        self.either(m, || {
            println!(
                "{} (کد ملی {}) با نقش «{}» در «{}» ثبت شد.",
                m.person_name,
                fa(&m.national_code),
                m.role_label,
                m.organization_name
            );
        })
    }

    /// A membership after a correction: who, which role, from when to when.
    pub fn membership_changed(&mut self, m: &MembershipView) -> Result<()> {
        self.either(m, || {
            print_pairs(&[
                ("شماره", fa(&m.id.to_string())),
                (
                    "شخص",
                    format!("{} ({})", m.person_name, fa(&m.national_code)),
                ),
                ("تعاونی", m.organization_name.clone()),
                ("نقش", m.role_label.clone()),
                ("از", opt(&m.start_date_jalali)),
                ("تا", opt(&m.end_date_jalali)),
            ]);
        })
    }

    pub fn union_link(&mut self, l: &UnionLink) -> Result<()> {
        self.either(l, || {
            print_pairs(&[
                ("اتحادیه", l.union_name.clone()),
                ("تعاونی", l.cooperative_name.clone()),
                ("از", opt(&l.start_date_jalali)),
                ("تا", opt(&l.end_date_jalali)),
                (
                    "وضعیت",
                    if l.active {
                        "جاری"
                    } else {
                        "پایان‌یافته"
                    }
                    .into(),
                ),
            ]);
        })
    }

    pub fn provider(&mut self, p: &ProviderView) -> Result<()> {
        self.either(p, || {
            print_pairs(&[
                ("شماره", fa(&p.id.to_string())),
                ("نام", p.name.clone()),
                ("نوع", p.kind_label.clone()),
                ("شهرستان", p.county.clone().unwrap_or_else(|| "—".into())),
                ("شماره مجوز", opt(&p.licence_no)),
                ("اعتبار مجوز تا", opt(&p.licence_expires_jalali)),
                ("فعال", yes_no(p.active)),
            ]);
        })
    }

    pub fn providers(&mut self, list: &[ProviderView]) -> Result<()> {
        self.either(list, || {
            print_table(
                &["شماره", "نام", "نوع", "شهرستان", "اعتبار مجوز تا", "فعال"],
                list.iter(),
                |p| {
                    vec![
                        fa(&p.id.to_string()),
                        p.name.clone(),
                        p.kind_label.clone(),
                        p.county.clone().unwrap_or_else(|| "—".into()),
                        opt(&p.licence_expires_jalali),
                        yes_no(p.active),
                    ]
                },
            );
        })
    }

    fn membership_rows(&self, list: &[MembershipView], by_org: bool) {
        if list.is_empty() {
            println!("  (هیچ)");
            return;
        }
        let first = if by_org {
            "شناسه ملی"
        } else {
            "کد ملی"
        };
        let second = if by_org { "تعاونی" } else { "نام" };
        print_table(
            &[first, second, "نقش", "از", "تا", "شماره"],
            list,
            |m| {
                let who = if by_org {
                    m.organization_name.clone()
                } else {
                    m.person_name.clone()
                };
                let key = if by_org {
                    opt(&m.organization_national_id)
                } else {
                    fa(&m.national_code)
                };
                vec![
                    key,
                    who,
                    m.role_label.clone(),
                    opt(&m.start_date_jalali),
                    opt(&m.end_date_jalali),
                    fa(&m.id.to_string()),
                ]
            },
        );
    }

    pub fn named(&mut self, items: &[NamedItem]) -> Result<()> {
        self.either(items, || {
            for item in items {
                println!(
                    "{}{}",
                    item.name,
                    if item.active { "" } else { " (غیرفعال)" }
                );
            }
        })
    }

    pub fn demo_summary(&mut self, s: &DemoSummary) -> Result<()> {
        self.either(s, || {
            print_pairs(&[
                ("تعاونی", fa(&s.cooperatives.to_string())),
                ("اتحادیه", fa(&s.unions.to_string())),
                ("شخص", fa(&s.people.to_string())),
                ("نقش در تعاونی", fa(&s.memberships.to_string())),
                ("عضویت در اتحادیه", fa(&s.union_memberships.to_string())),
                ("ردیف نیاز", fa(&s.need_lines.to_string())),
                ("معرفی‌شده برای آموزش", fa(&s.nominees.to_string())),
            ]);
        })
    }

    pub fn bench<T: Serialize>(&mut self, report: &T, markdown: &str) -> Result<()> {
        self.either(report, || {
            println!("{markdown}");
        })
    }

    pub fn course(&mut self, c: &CourseView) -> Result<()> {
        self.either(c, || {
            print_pairs(&[
                ("کد استاندارد", opt(&c.code)),
                ("عنوان", c.title.clone()),
                ("نوع", c.kind_label.clone()),
                ("خوشه", opt(&c.cluster)),
                ("گروه", opt(&c.course_group)),
                ("ساعت نظری", num(c.theory_hours)),
                ("ساعت عملی", num(c.practice_hours)),
                ("ساعت کل", num(c.total_hours)),
                ("تحصیلات ورودی", opt(&c.entry_education_label)),
            ]);
        })
    }

    pub fn courses(&mut self, list: &[CourseView]) -> Result<()> {
        self.either(list, || {
            print_table(
                &["کد", "عنوان", "نوع", "خوشه", "ساعت", "فعال"],
                list.iter(),
                |c| {
                    vec![
                        opt(&c.code),
                        c.title.clone(),
                        c.kind_label.clone(),
                        opt(&c.cluster),
                        num(c.total_hours),
                        yes_no(c.active),
                    ]
                },
            );
            println!("{} دوره", fa(&list.len().to_string()));
        })
    }

    pub fn campaign(&mut self, c: &CampaignView) -> Result<()> {
        self.either(c, || {
            print_pairs(&[
                ("شماره", fa(&c.id.to_string())),
                ("عنوان", c.title.clone()),
                ("از", fa(&c.starts_on_jalali)),
                ("تا", fa(&c.ends_on_jalali)),
                ("مهلت", opt(&c.deadline_jalali)),
                ("مسئول", c.owner.clone()),
                (
                    "وضعیت",
                    if c.status == "closed" {
                        "بسته"
                    } else {
                        "باز"
                    }
                    .into(),
                ),
            ]);
        })
    }

    pub fn campaigns(&mut self, list: &[CampaignView]) -> Result<()> {
        self.either(list, || {
            print_table(
                &["شماره", "عنوان", "از", "تا", "مسئول", "ردیف‌ها"],
                list.iter(),
                |c| {
                    vec![
                        fa(&c.id.to_string()),
                        c.title.clone(),
                        fa(&c.starts_on_jalali),
                        fa(&c.ends_on_jalali),
                        c.owner.clone(),
                        fa(&c.lines.to_string()),
                    ]
                },
            );
        })
    }

    pub fn need(&mut self, n: &NeedView) -> Result<()> {
        self.either(n, || {
            print_pairs(&[
                ("شماره ردیف", fa(&n.id.to_string())),
                ("تعاونی", n.organization_name.clone()),
                ("دوره", n.course_title.clone()),
                ("گروه هدف", n.target_role_label.clone()),
                ("تعداد درخواستی", fa(&n.requested.to_string())),
                ("منبع", n.source_label.clone()),
                ("سطح نیاز", fa(&n.need_level.to_string())),
                ("ماه هدف", opt(&n.target_label)),
                ("وضعیت", n.status_label.clone()),
            ]);
        })
    }

    pub fn needs(&mut self, list: &[NeedView]) -> Result<()> {
        self.either(list, || {
            print_table(
                &[
                    "شماره",
                    "تعاونی",
                    "دوره",
                    "گروه هدف",
                    "درخواستی",
                    "مصوب",
                    "سطح",
                    "ماه هدف",
                    "وضعیت",
                ],
                list,
                need_row,
            );
        })
    }

    pub fn nominee(&mut self, n: &NomineeView) -> Result<()> {
        self.either(n, || {
            println!(
                "{} (کد ملی {}) برای ردیف {} معرفی شد.",
                n.full_name,
                fa(&n.national_code),
                fa(&n.need_line_id.to_string())
            );
        })
    }

    pub fn roadmap(&mut self, r: &Roadmap) -> Result<()> {
        self.either(r, || {
            println!(
                "نقشه راه آموزشی {} ({})",
                r.organization_name,
                opt(&r.organization_national_id)
            );
            print_table(
                &[
                    "ردیف",
                    "ماه هدف",
                    "دوره",
                    "کد",
                    "گروه هدف",
                    "درخواستی",
                    "مصوب",
                    "معرفی‌شده",
                    "آموزش‌دیده",
                    "وضعیت",
                ],
                r.lines.iter().enumerate(),
                |(i, l)| {
                    vec![
                        fa(&(i + 1).to_string()),
                        opt(&l.target_label),
                        l.course_title.clone(),
                        opt(&l.course_code),
                        l.target_role_label.clone(),
                        fa(&l.requested.to_string()),
                        num(l.approved),
                        fa(&l.nominees.to_string()),
                        fa(&l.trained.to_string()),
                        l.status_label.clone(),
                    ]
                },
            );
            println!(
                "جمع: درخواستی {}، مصوب {}، آموزش‌دیده {}",
                fa(&r.requested.to_string()),
                fa(&r.approved.to_string()),
                fa(&r.trained.to_string())
            );
        })
    }

    pub fn exported(&mut self, r: &Roadmap, path: &std::path::Path) -> Result<()> {
        self.either(
            &serde_json::json!({
                "path": path.display().to_string(),
                "organization_id": r.organization_id,
                "organization_name": r.organization_name,
                "lines": r.lines.len(),
            }),
            || {
                println!(
                    "نقشه راه «{}» با {} ردیف در «{}» ذخیره شد.",
                    r.organization_name,
                    fa(&r.lines.len().to_string()),
                    path.display()
                );
            },
        )
    }

    pub fn list_saved(&mut self, path: &std::path::Path) -> Result<()> {
        let shown = path.display().to_string();
        self.either(&serde_json::json!({ "path": shown }), || {
            println!("فهرست در «{shown}» ذخیره شد.");
        })
    }

    pub fn saved(&mut self, path: &str) -> Result<()> {
        self.either(&serde_json::json!({ "path": path }), || {
            println!("پشتیبان بررسی شد و در «{path}» ذخیره شد.");
        })
    }

    pub fn waiting(&mut self, items: &[taavon_core::waiting::WaitingItem]) -> Result<()> {
        self.either(items, || {
            if items.is_empty() {
                println!("کاری در انتظار شما نیست.");
            }
            for item in items {
                println!("{}.", item.text);
            }
        })
    }

    pub fn restored(&mut self, from: &std::path::Path, kept: Option<&str>) -> Result<()> {
        self.either(
            &serde_json::json!({
                "restored_from": from.display().to_string(),
                "previous_kept_at": kept,
            }),
            || {
                println!("پایگاه داده از «{}» بازگردانده شد.", from.display());
                if let Some(k) = kept {
                    println!("داده‌های پیشین در «{k}» نگه داشته شد.");
                }
            },
        )
    }

    /// `problem` is the Persian reason and the technical detail.
    pub fn check(
        &mut self,
        path: &std::path::Path,
        problem: Option<&(String, String)>,
    ) -> Result<()> {
        self.either(&serde_json::json!({
                "path": path.display().to_string(),
                "healthy": problem.is_none(),
                "problem": problem.map(|p| &p.0),
                "detail": problem.map(|p| &p.1),
            }), || {
            match problem {
                None => println!("پایگاه داده «{}» سالم است.", path.display()),
                Some((reason, _)) => println!(
                    "پایگاه داده «{}» آسیب دیده است: {reason}\nآن را با «taavon restore» از آخرین پشتیبان سالم بازگردانید.",
                    path.display()
                ),
            }
        })
    }

    pub fn import_outcome(&mut self, o: &ImportOutcome) -> Result<()> {
        self.either(o, || {
            print_outcome(o);
            println!(
                "{}",
                if o.written {
                    "همه ردیف‌های پذیرفته‌شده ذخیره شد."
                } else if o.rejected > 0 {
                    "هیچ ردیفی ذخیره نشد: نخست ردیف‌های پذیرفته‌نشده را درست کنید، یا با --accept-valid فقط ردیف‌های درست را وارد کنید."
                } else {
                    "پیش‌نمایش بود؛ چیزی ذخیره نشد."
                }
            );
        })
    }

    /// An import taken all or nothing that rejected rows: the error on
    /// stderr, the outcome with every row at fault on stdout (under
    /// `"report"` beside `"error"` in the JSON).
    pub fn import_rejected(&mut self, o: &ImportOutcome, error: &ErrorBody) {
        if self.json {
            eprintln!("خطا: {}", error.message);
            let body = serde_json::json!({ "error": error, "report": o });
            println!("{body}");
        } else {
            print_outcome(o);
            // The table above has every row; the message's first line says
            // what happened.
            let first = error.message.lines().next().unwrap_or_default();
            eprintln!("خطا: {first}");
        }
    }

    pub fn quotas(&mut self, list: &[QuotaView]) -> Result<()> {
        self.either(list, || {
            print_table(
                &[
                    "شماره",
                    "عنوان",
                    "از",
                    "تا",
                    "ظرفیت",
                    "سهم استان × تعاونی‌ها",
                    "سهمیه",
                    "مصرف‌شده",
                    "رزروشده",
                    "مانده",
                ],
                list.iter(),
                |q| {
                    vec![
                        fa(&q.id.to_string()),
                        q.title.clone(),
                        fa(&q.starts_on_jalali),
                        fa(&q.ends_on_jalali),
                        format!("{} {}", fa(&q.capacity.to_string()), q.unit_label),
                        fa(&format!("{}٪ × {}٪", q.province_share, q.coop_share)),
                        fa(&q.quota.to_string()),
                        fa(&q.used.to_string()),
                        fa(&q.reserved.to_string()),
                        fa(&q.remaining.to_string()),
                    ]
                },
            );
            for q in list {
                if let Some(w) = &q.warning {
                    println!("هشدار: {w}");
                }
                for c in &q.caps {
                    println!(
                        "  ظرفیت «{}»: {} نفر، مانده {}",
                        c.name,
                        fa(&c.seats.to_string()),
                        fa(&c.remaining.to_string())
                    );
                }
            }
        })
    }

    pub fn round_created(&mut self, r: &RoundView) -> Result<()> {
        self.either(r, || {
            // The bare number, so scripts can use it: `n=$(taavon round new …)`.
            println!("{}", r.number);
        })
    }

    pub fn rounds(&mut self, list: &[RoundView]) -> Result<()> {
        self.either(list, || {
            print_table(
                &[
                    "نوبت",
                    "ماه",
                    "وضعیت",
                    "ظرفیت",
                    "نفرات",
                    "تعاونی‌ها",
                    "گواهینامه",
                    "شماره نامه",
                    "تاریخ ارسال",
                ],
                list.iter(),
                |r| {
                    vec![
                        fa(&r.number.to_string()),
                        r.month_label.clone(),
                        r.status_label.clone(),
                        num(r.capacity),
                        fa(&r.people.to_string()),
                        fa(&r.cooperatives.to_string()),
                        fa(&r.certified.to_string()),
                        opt(&r.letter_no),
                        opt(&r.sent_on_jalali),
                    ]
                },
            );
        })
    }

    pub fn build_report(&mut self, r: &BuildReport) -> Result<()> {
        self.either(r, || {
            println!(
                "{} نفر به نوبت {} افزوده شد ({} نفر در نوبت). {}",
                fa(&r.added.to_string()),
                fa(&r.round.number.to_string()),
                fa(&r.round.people.to_string()),
                r.stopped
            );
            if let Some(w) = r.round.quota.as_ref().and_then(|q| q.warning.as_ref()) {
                println!("هشدار: {w}");
            }
        })
    }

    pub fn round(&mut self, r: &RoundView, list: &[ReferralView], explain: bool) -> Result<()> {
        self.either(
            &serde_json::json!({ "round": r, "referrals": list }),
            || {
                print_pairs(&[
                    ("نوبت", fa(&r.number.to_string())),
                    ("عنوان", r.title.clone()),
                    ("ماه", r.month_label.clone()),
                    ("وضعیت", r.status_label.clone()),
                    ("ظرفیت", num(r.capacity)),
                    ("نفرات", fa(&r.people.to_string())),
                    ("شماره نامه", opt(&r.letter_no)),
                    ("تاریخ ارسال", opt(&r.sent_on_jalali)),
                ]);
                if let Some(q) = &r.quota {
                    println!(
                        "سهمیه «{}»: {} از {} {} (مانده {})",
                        q.title,
                        fa(&(q.used + q.reserved).to_string()),
                        fa(&q.quota.to_string()),
                        q.unit_label,
                        fa(&q.remaining.to_string())
                    );
                }
                let mut headers =
                    vec!["رتبه", "نام", "کد ملی", "تعاونی", "دوره", "وضعیت", "امتیاز"];
                if explain {
                    headers.push("چرا");
                }
                print_table(&headers, list, |x| {
                    let mut row = vec![
                        fa(&x.rank.to_string()),
                        x.full_name.clone(),
                        fa(&x.national_code),
                        x.organization_name.clone(),
                        x.course_title.clone(),
                        x.status_label.clone(),
                        fa(&x.score.to_string()),
                    ];
                    if explain {
                        row.push(x.explanation.clone());
                    }
                    row
                });
            },
        )
    }

    pub fn candidates(&mut self, list: &CandidateList) -> Result<()> {
        self.either(list, || {
            print_table(
                &["ردیف", "نام", "کد ملی", "تعاونی", "دوره", "امتیاز", "چرا"],
                list.items.iter().enumerate(),
                |(i, c)| {
                    vec![
                        fa(&(i + 1).to_string()),
                        c.full_name.clone(),
                        fa(&c.national_code),
                        c.organization_name.clone(),
                        c.course_title.clone(),
                        fa(&c.score.to_string()),
                        c.explanation.clone(),
                    ]
                },
            );
            println!(
                "{} نامزد واجد شرایط، {} نامزد به دلیل قاعده‌ها کنار گذاشته شد.",
                fa(&list.eligible.to_string()),
                fa(&list.blocked.to_string())
            );
        })
    }

    pub fn round_moved(&mut self, r: &RoundView) -> Result<()> {
        self.either(r, || {
            println!(
                "نوبت {} اکنون «{}» است.",
                fa(&r.number.to_string()),
                r.status_label
            );
        })
    }

    pub fn round_exported(&mut self, r: &RoundView, path: &std::path::Path) -> Result<()> {
        self.either(
            &serde_json::json!({
                "path": path.display().to_string(),
                "number": r.number,
                "people": r.people,
                "file_name": r.file_name,
            }),
            || {
                println!(
                    "فهرست نوبت {} با {} نفر در «{}» ذخیره شد.",
                    fa(&r.number.to_string()),
                    fa(&r.people.to_string()),
                    path.display()
                );
            },
        )
    }

    /// The monthly report: with `--json` every figure; otherwise where the
    /// workbook went, or the headline figures and the summary in sentences.
    pub fn report(&mut self, f: &Figures, saved: Option<&std::path::Path>) -> Result<()> {
        self.either(f, || {
            if let Some(path) = saved {
                println!("گزارش ماهانه {} در «{}» ذخیره شد.", f.label, path.display());
                return;
            }
            let n = &f.funnel;
            let with_rate =
                |count: i64, rate: f64| format!("{} ({})", fa_number(count), fa_percent(rate));
            let mut pairs = vec![
                ("دوره گزارش", f.label.clone()),
                ("نوبت‌های ارسال‌شده", fa_number(f.rounds.len() as i64)),
                ("معرفی‌ها", fa_number(n.referred)),
                ("اشخاص", fa_number(f.people)),
                ("تعاونی‌ها", fa_number(f.cooperatives)),
                ("اتحادیه‌ها", fa_number(f.unions)),
                ("ثبت‌نام", with_rate(n.enrolled, n.enrolled_rate)),
                ("حضور در کلاس", with_rate(n.attended, n.attended_rate)),
                ("قبولی", with_rate(n.passed, n.passed_rate)),
                ("گواهینامه", with_rate(n.certified, n.certified_rate)),
            ];
            let quotas: Vec<(String, String)> = f
                .quotas
                .iter()
                .map(|q| {
                    (
                        format!("مانده سهمیه «{}»", q.title),
                        format!("{} {}", fa_number(q.remaining), q.unit_label),
                    )
                })
                .collect();
            pairs.extend(quotas.iter().map(|(k, v)| (k.as_str(), v.clone())));
            print_pairs(&pairs);
            println!();
            for sentence in &f.summary {
                println!("{sentence}");
            }
        })
    }

    /// Two organizations side by side, then what moved (or would move).
    pub fn org_merge(&mut self, m: &OrgMerge) -> Result<()> {
        self.either(m, || {
            let (a, b) = (&m.first, &m.second);
            let valid = |ok: bool, problem: &Option<String>| {
                if ok {
                    "معتبر".to_owned()
                } else {
                    format!("نامعتبر: {}", problem.as_deref().unwrap_or_default())
                }
            };
            let mark = |id: i64| {
                if id == m.keep_id {
                    "نگه داشته می‌شود"
                } else {
                    "حذف می‌شود"
                }
            };
            print_table(
                &["", "رکورد نخست", "رکورد دوم"],
                [
                    (
                        "شماره داخلی",
                        fa(&a.org.id.to_string()),
                        fa(&b.org.id.to_string()),
                    ),
                    ("نام", a.org.name.clone(), b.org.name.clone()),
                    (
                        "شناسه ملی",
                        opt(&a.org.national_id),
                        opt(&b.org.national_id),
                    ),
                    (
                        "اعتبار شناسه",
                        valid(a.id_valid, &a.id_problem),
                        valid(b.id_valid, &b.id_problem),
                    ),
                    (
                        "شماره ثبت",
                        opt(&a.org.registration_no),
                        opt(&b.org.registration_no),
                    ),
                    ("شهرستان", opt(&a.org.county), opt(&b.org.county)),
                    ("نقش‌ها", count(a.counts.roles), count(b.counts.roles)),
                    (
                        "عضویت اتحادیه",
                        count(a.counts.unions),
                        count(b.counts.unions),
                    ),
                    ("ردیف‌های نیاز", count(a.counts.needs), count(b.counts.needs)),
                    (
                        "معرفی‌ها",
                        count(a.counts.referrals),
                        count(b.counts.referrals),
                    ),
                    ("", mark(a.org.id).into(), mark(b.org.id).into()),
                ],
                |(k, x, y)| vec![k.to_owned(), x, y],
            );
            merge_footer(&m.moved, &m.collisions, &m.filled, m.audit_id);
        })
    }

    /// Two people side by side, then what moved (or would move).
    pub fn person_merge(&mut self, m: &PersonMerge) -> Result<()> {
        self.either(m, || {
            let (a, b) = (&m.first, &m.second);
            let valid = |ok: bool, problem: &Option<String>| {
                if ok {
                    "معتبر".to_owned()
                } else {
                    format!("نامعتبر: {}", problem.as_deref().unwrap_or_default())
                }
            };
            let mark = |code: &str| {
                if code == m.keep_code {
                    "نگه داشته می‌شود"
                } else {
                    "حذف می‌شود"
                }
            };
            print_table(
                &["", "رکورد نخست", "رکورد دوم"],
                [
                    (
                        "کد ملی",
                        fa(&a.person.national_code),
                        fa(&b.person.national_code),
                    ),
                    (
                        "اعتبار کد",
                        valid(a.code_valid, &a.code_problem),
                        valid(b.code_valid, &b.code_problem),
                    ),
                    (
                        "نام",
                        a.person.full_name.clone(),
                        b.person.full_name.clone(),
                    ),
                    (
                        "نام پدر",
                        opt(&a.person.father_name),
                        opt(&b.person.father_name),
                    ),
                    (
                        "تاریخ تولد",
                        opt(&a.person.birth_date_jalali),
                        opt(&b.person.birth_date_jalali),
                    ),
                    ("همراه", opt(&a.person.mobile), opt(&b.person.mobile)),
                    ("نقش‌ها", count(a.counts.roles), count(b.counts.roles)),
                    (
                        "نامزدی‌ها",
                        count(a.counts.nominees),
                        count(b.counts.nominees),
                    ),
                    (
                        "معرفی‌ها",
                        count(a.counts.referrals),
                        count(b.counts.referrals),
                    ),
                    (
                        "",
                        mark(&a.person.national_code).into(),
                        mark(&b.person.national_code).into(),
                    ),
                ],
                |(k, x, y)| vec![k.to_owned(), x, y],
            );
            merge_footer(&m.moved, &m.collisions, &m.filled, m.audit_id);
        })
    }

    /// Errors go to stderr in Persian; with `--json` also to stdout as
    /// `{"error": {"code", "message", "fields": [...]}}`.
    pub fn error(&mut self, e: &Error) {
        tracing::debug!(error = ?e, "command failed");
        if self.json {
            eprintln!("خطا: {e}");
            let body = serde_json::json!({ "error": ErrorBody::from(e) });
            println!("{body}");
        } else {
            eprintln!("خطا: {e}");
        }
    }
}

fn num(n: Option<impl ToString>) -> String {
    n.map(|n| fa(&n.to_string())).unwrap_or_else(|| "—".into())
}

fn need_row(n: &NeedView) -> Vec<String> {
    vec![
        fa(&n.id.to_string()),
        n.organization_name.clone(),
        n.course_title.clone(),
        n.target_role_label.clone(),
        fa(&n.requested.to_string()),
        num(n.approved),
        fa(&n.need_level.to_string()),
        opt(&n.target_label),
        n.status_label.clone(),
    ]
}

/// The counts, the cleaning notes and the rows at fault of an import.
fn print_outcome(o: &ImportOutcome) {
    println!(
        "پرونده «{}»، برگه «{}»، سرستون‌ها در ردیف {}: {} ردیف ({} ردیف خالی کنار گذاشته شد).",
        o.file,
        o.sheet,
        fa(&o.header_row.to_string()),
        fa(&o.rows.to_string()),
        fa(&o.skipped_empty.to_string())
    );
    println!(
        "تازه {}، به‌روزشده {}، بدون تغییر {}، پذیرفته‌نشده {}.",
        fa(&o.added.to_string()),
        fa(&o.updated.to_string()),
        fa(&o.unchanged.to_string()),
        fa(&o.rejected.to_string())
    );
    if !o.guessed.is_empty() {
        println!("ستون‌هایی که از روی مقدارهایشان نگاشته شد (سرستونشان شناخته نبود):");
        for g in &o.guessed {
            println!(
                "  ستون {} («{}») برای «{}» خوانده شد: {}",
                g.letter, g.header, g.label, g.reason
            );
        }
    }
    if o.fixes_total > 0 {
        println!("پاک‌سازی‌ها ({} مورد):", fa(&o.fixes_total.to_string()));
        for f in o.fixes.iter().take(20) {
            println!(
                "  ردیف {}، ستون «{}»: {}",
                fa(&f.row.to_string()),
                f.column,
                f.note
            );
        }
    }
    if !o.problems.is_empty() {
        print_table(
            &["ردیف", "ستون", "مقدار", "دلیل"],
            o.problems.iter(),
            |p| {
                vec![
                    fa(&p.row.to_string()),
                    p.column.clone(),
                    p.value.clone(),
                    p.message.clone(),
                ]
            },
        );
    }
}

fn page_footer(total: u64, page: u32, size: u32, shown: usize) {
    let pages = total.div_ceil(u64::from(size.max(1)));
    println!(
        "{} مورد از {} — صفحه {} از {}",
        fa(&shown.to_string()),
        fa(&total.to_string()),
        fa(&page.to_string()),
        fa(&pages.max(1).to_string())
    );
}

fn person_pairs(p: &PersonView) -> Vec<(&'static str, String)> {
    vec![
        ("کد ملی", fa(&p.national_code)),
        ("نام", p.first_name.clone()),
        ("نام خانوادگی", p.last_name.clone()),
        ("نام پدر", opt(&p.father_name)),
        ("جنسیت", opt(&p.gender_label)),
        ("تاریخ تولد", opt(&p.birth_date_jalali)),
        ("تحصیلات", opt(&p.education_label)),
        ("همراه", opt(&p.mobile)),
    ]
}

fn org_pairs(o: &OrgView) -> Vec<(&'static str, String)> {
    vec![
        ("نام", o.name.clone()),
        ("نوع", o.kind_label.clone()),
        ("شناسه ملی", opt(&o.national_id)),
        ("شماره ثبت", opt(&o.registration_no)),
        ("زمینه فعالیت", o.field_label.clone()),
        ("گرایش", opt(&o.orientation)),
        ("شهرستان", opt(&o.county)),
        ("تاریخ تأسیس", opt(&o.founded_on_jalali)),
        (
            "تعداد اعضا",
            o.member_count
                .map(|n| fa(&n.to_string()))
                .unwrap_or_else(|| "—".into()),
        ),
        (
            "کوچک / نوپا / اینترنتی",
            format!(
                "{} / {} / {}",
                yes_no(o.is_small),
                yes_no(o.is_startup),
                yes_no(o.is_internet)
            ),
        ),
        ("وضعیت", o.status_label.clone()),
    ]
}

/// A one-line progress bar on stderr, shown only on a terminal.
pub struct ProgressBar {
    label: &'static str,
    shown: Option<u64>,
    tty: bool,
}

impl ProgressBar {
    pub fn new(label: &'static str) -> Self {
        ProgressBar {
            label,
            shown: None,
            tty: std::io::stderr().is_terminal(),
        }
    }

    pub fn update(&mut self, done: u64, total: u64) {
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        if !self.tty || self.shown == Some(percent) {
            return;
        }
        self.shown = Some(percent);
        let filled = (percent / 5) as usize;
        eprint!(
            "\r{} [{}{}] ٪{}",
            self.label,
            "█".repeat(filled),
            "░".repeat(20 - filled),
            fa(&percent.to_string())
        );
        let _ = std::io::stderr().flush();
    }

    pub fn finish(&mut self) {
        if self.tty && self.shown.is_some() {
            eprintln!();
        }
    }
}

fn count(n: u32) -> String {
    fa(&n.to_string())
}

/// What moved, what became one and what was filled; and whether it was done.
fn merge_footer(moved: &MergeCounts, collisions: &[String], filled: &[String], audit: Option<i64>) {
    println!();
    print_pairs(&[
        ("نقش‌های منتقل", count(moved.roles)),
        ("عضویت‌های اتحادیه منتقل", count(moved.unions)),
        ("ردیف‌های نیاز منتقل", count(moved.needs)),
        ("نامزدهای منتقل", count(moved.nominees)),
        ("معرفی‌های منتقل", count(moved.referrals)),
    ]);
    if !collisions.is_empty() {
        println!("\nدر هر دو بود و یکی شد:");
        for c in collisions {
            println!("  • {c}");
        }
    }
    if !filled.is_empty() {
        println!(
            "\nخانه‌های خالی پر شد از رکورد حذف‌شده: {}",
            filled.join("، ")
        );
    }
    match audit {
        Some(id) => println!(
            "\nادغام انجام شد (ردیف {} گزارش تغییرات).",
            fa(&id.to_string())
        ),
        None => println!("\nپیش‌نمایش است؛ چیزی ذخیره نشد."),
    }
}
