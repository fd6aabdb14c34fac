//! "Prepare email": a draft message (.eml) addressed to the TVTO office,
//! with the round's sheet attached. Outlook opens a file with the
//! `X-Unsent: 1` header as a draft ready to send; Thunderbird and most
//! mail programs open it too. Nothing is sent from here: the PC is offline
//! and the clerk sends it when they choose.

use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::files::Saved;
use crate::rounds::{self, RoundView};
use crate::settings;
use crate::text::to_persian_digits;

/// A header value in UTF-8, encoded for mail headers (RFC 2047).
fn encoded_word(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    // Each encoded word must stay under 75 characters; split on character
    // boundaries every 40 bytes of text.
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > 40 {
            words.push(format!("=?UTF-8?B?{}?=", STANDARD.encode(&chunk)));
            chunk.clear();
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(format!("=?UTF-8?B?{}?=", STANDARD.encode(&chunk)));
    }
    words.join("\r\n ")
}

/// Base64 wrapped at 76 characters, as MIME wants.
fn base64_lines(bytes: &[u8]) -> String {
    let text = STANDARD.encode(bytes);
    let mut out = String::with_capacity(text.len() + text.len() / 76 * 2 + 2);
    for line in text.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        out.push_str("\r\n");
    }
    out
}

/// The subject and body of the message for a round.
pub fn message_text(round: &RoundView, recipient: &str, office: &str) -> (String, String) {
    let n = |v: i64| to_persian_digits(&v.to_string());
    let subject = format!(
        "معرفی نوبت {} اعضا و مدیران تعاونی‌ها برای آموزش ({})",
        n(round.number),
        round.month_label
    );
    let letter = round
        .letter_no
        .as_deref()
        .map(|l| format!(" به پیوست نامه شماره {l}"))
        .unwrap_or_default();
    let body = format!(
        "با سلام و احترام\n\n\
         به استحضار {recipient} می‌رساند{letter}، فهرست نوبت {} معرفی‌شدگان تعاونی‌ها ({}) \
         در چارچوب حکم ۴۴ سند توسعه بخش تعاون و سهمیه ۳۰ درصدی تعاونی‌ها تقدیم می‌شود: \
         {} نفر از {} تعاونی و اتحادیه در {} دوره آموزشی.\n\n\
         خواهشمند است نتیجه ثبت‌نام، حضور و صدور گواهینامه را در گزارش ماهانه اعلام فرمایید.\n\n\
         با سپاس\n{office}\n",
        n(round.number),
        round.month_label,
        n(round.people),
        n(round.cooperatives),
        n(round.courses),
    );
    (subject, body)
}

/// Writes the draft message for a round beside its sheet (`sheet`, which
/// must exist): `round-03-1404-09.eml`, or the next free name when a draft
/// of that name is open in the mail program. The attachment is always named
/// after the round, whatever name the sheet had to take on the disk.
pub fn prepare_email(conn: &Connection, round_id: i64, sheet: &Path) -> Result<Saved> {
    let round = rounds::get_round(conn, round_id)?;
    let s = settings::get(conn)?;
    if s.tvto_email.is_empty() {
        return Err(Error::Refused(
            "نشانی رایانامه آموزش فنی و حرفه‌ای در «تنظیمات» ثبت نشده است؛ نخست آن را ثبت کنید."
                .into(),
        ));
    }
    let attachment = std::fs::read(sheet).map_err(|e| {
        tracing::error!(error = %e, path = %sheet.display(), "reading the sheet to attach failed");
        Error::Excel(format!(
            "پرونده «{}» برای پیوست خوانده نشد؛ نخست فهرست اکسل نوبت را بسازید.",
            sheet.display()
        ))
    })?;
    let file_name = round.file_name.clone();
    let (subject, body) = message_text(&round, &s.tvto_office, &s.office);
    let boundary = format!("taavon-{}-{}", round.number, attachment.len());
    let date = chrono::Local::now().to_rfc2822();
    let mut eml = String::new();
    eml.push_str(&format!("To: {}\r\n", s.tvto_email));
    eml.push_str(&format!("Subject: {}\r\n", encoded_word(&subject)));
    eml.push_str(&format!("Date: {date}\r\n"));
    eml.push_str("X-Unsent: 1\r\n");
    eml.push_str("MIME-Version: 1.0\r\n");
    eml.push_str(&format!(
        "Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n"
    ));
    eml.push_str(&format!("--{boundary}\r\n"));
    eml.push_str("Content-Type: text/plain; charset=UTF-8\r\n");
    eml.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
    eml.push_str(&base64_lines(body.replace('\n', "\r\n").as_bytes()));
    eml.push_str(&format!("--{boundary}\r\n"));
    eml.push_str(&format!(
        "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"{file_name}\"\r\n"
    ));
    eml.push_str("Content-Transfer-Encoding: base64\r\n");
    eml.push_str(&format!(
        "Content-Disposition: attachment; filename=\"{file_name}\"\r\n\r\n"
    ));
    eml.push_str(&base64_lines(&attachment));
    eml.push_str(&format!("--{boundary}--\r\n"));
    let path = sheet.with_file_name(&round.file_name).with_extension("eml");
    crate::files::write_atomically(&path, eml.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_subjects_are_encoded_words_that_decode_back() {
        let subject = "معرفی نوبت ۳ اعضا و مدیران تعاونی‌ها برای آموزش (آذر ۱۴۰۴)";
        let encoded = encoded_word(subject);
        let mut decoded = Vec::new();
        for word in encoded.split("\r\n ") {
            assert!(word.len() <= 75, "{word}");
            let inner = word
                .strip_prefix("=?UTF-8?B?")
                .and_then(|w| w.strip_suffix("?="))
                .unwrap();
            decoded.extend(STANDARD.decode(inner).unwrap());
        }
        assert_eq!(String::from_utf8(decoded).unwrap(), subject);
        assert_eq!(encoded_word("round 3"), "round 3");
    }
}
