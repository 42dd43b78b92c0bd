use axum::http::HeaderValue;

/// `Content-Disposition: attachment` naming `name`, which is already
/// harmless (`concord_model::attachment::harmless_file_name`): the name
/// itself percent-encoded as UTF-8 (RFC 6266 and 5987), so Chinese names
/// arrive whole; for browsers that read only `filename`, the name when it
/// is plain ASCII, else `stand_in` with the name's extension.
pub(crate) fn attachment_disposition(name: &str, stand_in: &str) -> HeaderValue {
    let plain = name
        .chars()
        .all(|c| (' '..='~').contains(&c) && c != '"' && c != '\\');
    let ascii = if plain {
        name.to_owned()
    } else {
        match name.rsplit_once('.') {
            Some((_, ext))
                if (1..=10).contains(&ext.len())
                    && ext.bytes().all(|b| b.is_ascii_alphanumeric()) =>
            {
                format!("{stand_in}.{ext}")
            }
            _ => stand_in.to_owned(),
        }
    };
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_travels_as_utf8_and_as_an_ascii_stand_in() {
        assert_eq!(
            attachment_disposition("季度 报告.pdf", "file"),
            "attachment; filename=\"file.pdf\"; filename*=UTF-8''%E5%AD%A3%E5%BA%A6%20%E6%8A%A5%E5%91%8A.pdf"
        );
        assert_eq!(
            attachment_disposition("report v2.pdf", "file"),
            "attachment; filename=\"report v2.pdf\"; filename*=UTF-8''report%20v2.pdf"
        );
        assert_eq!(
            attachment_disposition("说明", "file"),
            "attachment; filename=\"file\"; filename*=UTF-8''%E8%AF%B4%E6%98%8E"
        );
    }
}
