use concord_model::Locale;

use crate::{components::sync_status::waiting_label, repo::DocStatus};

/// Where a document's changes are, in a few words: "saved on the relay",
/// "saved on this device", "3 changes waiting", …
pub fn save_label(status: &DocStatus, locale: Locale) -> String {
    let zh = locale == Locale::ZhCn;
    let text = if status.unavailable {
        if zh {
            "服务器上没有此文档"
        } else {
            "Not available from the relay"
        }
    } else if status.saved_on_relay {
        if zh {
            "已保存到服务器"
        } else {
            "Saved on the relay"
        }
    } else if status.waiting > 0 {
        return waiting_label(status.waiting, locale);
    } else if status.saved_on_device {
        if zh {
            "已保存在本设备"
        } else {
            "Saved on this device"
        }
    } else if zh {
        "正在保存…"
    } else {
        "Saving…"
    };
    text.to_owned()
}

/// Which of the labels applies, for styles and tests.
pub fn save_state(status: &DocStatus) -> &'static str {
    if status.unavailable {
        "unavailable"
    } else if status.saved_on_relay {
        "relay"
    } else if status.waiting > 0 {
        "waiting"
    } else if status.saved_on_device {
        "device"
    } else {
        "saving"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(device: bool, relay: bool, waiting: usize) -> DocStatus {
        DocStatus {
            saved_on_device: device,
            saved_on_relay: relay,
            waiting,
            unavailable: false,
        }
    }

    #[test]
    fn the_label_says_where_the_changes_are() {
        assert_eq!(
            save_label(&status(true, true, 0), Locale::En),
            "Saved on the relay"
        );
        assert_eq!(
            save_label(&status(true, false, 0), Locale::En),
            "Saved on this device"
        );
        assert_eq!(
            save_label(&status(true, false, 1), Locale::En),
            "1 change waiting"
        );
        assert_eq!(
            save_label(&status(true, false, 3), Locale::En),
            "3 changes waiting"
        );
        assert_eq!(
            save_label(&status(true, false, 3), Locale::ZhCn),
            "3 项更改待上传"
        );
        assert_eq!(
            save_label(&status(false, false, 0), Locale::ZhCn),
            "正在保存…"
        );
        let gone = DocStatus {
            unavailable: true,
            ..DocStatus::default()
        };
        assert_eq!(save_state(&gone), "unavailable");
        assert_eq!(save_state(&status(true, false, 2)), "waiting");
        assert_eq!(save_state(&status(true, true, 0)), "relay");
    }
}
