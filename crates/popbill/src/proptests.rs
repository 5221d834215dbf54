//! Property tests over what the client reads from the network: answer bodies of any bytes
//! never panic the parts that inspect them, and no credential survives into an error's body
//! excerpt, whatever surrounds it.

use popbill_model::taxinvoice::TaxinvoiceInfo;
use popbill_transport::HttpResponse;
use proptest::prelude::*;

use crate::error::snippet;
use crate::pipeline::{decode_json, negative_code};
use crate::retry::parse_retry_after;

/// Text around a credential: ASCII punctuation, quotes, Korean text, line breaks.
fn filler() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[ a-z0-9{}\\[\\]:=,\"'<>/\\n\\t가-힣]{0,80}").expect("regex")
}

/// A credential: long enough that it cannot appear in the filler by chance.
fn secret() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-Z0-9]{24,40}").expect("regex")
}

/// The ways an answer can carry or echo a credential, names in any case.
fn carrier(secret: &str, form: u8, upper: bool) -> String {
    let (token, bearer, linkhub) = if upper {
        ("SESSION_TOKEN", "BEARER", "LINKHUB")
    } else {
        ("session_token", "Bearer", "linkhub")
    };
    match form % 6 {
        0 => format!("\"{token}\":\"{secret}\""),
        1 => format!("\"{token}\" : '{secret}'"),
        2 => format!("{token}={secret}&x=1"),
        3 => format!("Authorization: {bearer} {secret}"),
        4 => format!("{linkhub} TESTER {secret}"),
        _ => format!("{linkhub} {secret} c2lnbmF0dXJl"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn excerpts_never_show_a_credential(
        before in filler(),
        after in filler(),
        secret in secret(),
        form in any::<u8>(),
        upper in any::<bool>(),
    ) {
        let body = format!("{before}{}{after}", carrier(&secret, form, upper));
        let excerpt = snippet(body.as_bytes());
        prop_assert!(!excerpt.contains(&secret), "{excerpt}");
        prop_assert!(excerpt.chars().count() <= 161, "{excerpt}");
    }

    #[test]
    fn any_answer_bytes_are_inspected_without_panicking(body in proptest::collection::vec(any::<u8>(), 0..600)) {
        prop_assert!(snippet(&body).chars().count() <= 161);
        if let Some((code, _)) = negative_code(&body) {
            prop_assert!(code.value() < 0);
        }
        let resp = HttpResponse::new(200, bytes::Bytes::from(body.clone()));
        match decode_json::<TaxinvoiceInfo>(&resp) {
            Ok(_) => prop_assert!(serde_json::from_slice::<TaxinvoiceInfo>(&body).is_ok()),
            Err(crate::Error::Decode(e)) => prop_assert_eq!(e.status(), 200),
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }

    #[test]
    fn negative_codes_are_found_whatever_the_spacing(
        code in 1i64..=99_999_999,
        message in "[a-zA-Z0-9 가-힣]{0,40}",
        pad in "[ \\t\\r\\n]{0,3}",
        message_first in any::<bool>(),
    ) {
        let code_member = format!("\"code\"{pad}:{pad}-{code}");
        let message_member = format!("\"message\"{pad}:{pad}\"{message}\"");
        let body = if message_first {
            format!("{pad}{{{pad}{message_member},{code_member}{pad}}}")
        } else {
            format!("{{{code_member},{pad}{message_member}}}{pad}")
        };
        let found = negative_code(body.as_bytes());
        prop_assert_eq!(found.map(|(c, m)| (c.value(), m)), Some((-code, message)));
    }

    #[test]
    fn the_quick_filters_never_hide_a_negative_code(
        code in -99_999_999i64..=99_999_999,
        as_string in any::<bool>(),
        lead in proptest::sample::select(vec!["", " ", "\\t", "\\n", "\\u0020", "\u{3000}", "\\u3000"]),
        others in proptest::collection::vec(("[a-zA-Z]{1,8}", "[A-Z0-9-]{0,12}"), 0..4),
        code_at in 0usize..4,
    ) {
        let value = if as_string {
            format!("\"{lead}{code}\"")
        } else {
            code.to_string()
        };
        let mut members: Vec<String> = others
            .iter()
            .map(|(k, v)| format!("\"{k}\":\"{v}\""))
            .collect();
        members.insert(code_at.min(members.len()), format!("\"code\":{value}"));
        let body = format!("{{{}}}", members.join(","));
        let full_parse = crate::auth::parse_code_message(body.as_bytes())
            .filter(|(c, _)| c.value() < 0)
            .map(|(c, _)| c.value());
        prop_assert_eq!(negative_code(body.as_bytes()).map(|(c, _)| c.value()), full_parse);
        // Only leading whitespace may precede the minus sign for the code to count.
        prop_assert_eq!(full_parse.is_some(), code < 0, "{}", body);
    }

    #[test]
    fn retry_after_of_any_text_parses_or_not_without_panicking(text in "\\PC{0,30}") {
        if let Some(d) = parse_retry_after(&text) {
            prop_assert_eq!(Some(d.as_secs()), text.trim().parse::<u64>().ok());
        }
    }
}
