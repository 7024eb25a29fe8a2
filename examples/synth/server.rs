//! A synthetic journal export shaped like the server's own, for benchmarks against other
//! tools (benches/peers.sh) and `synth --server-journal COUNT`: Russian text, half of it
//! written as `\uXXXX` escapes as some of the server's writers do; quotes and backslashes
//! in `entityData` (paths, quoted names); nulls; keys missing from some records; one
//! code in 64 newer than the crate. Written as it is made, so any size takes flat memory.

use std::io::{self, Write};

use primo_events::Event;

const USERS: [&str; 6] = [
    "иванов",
    "petrova",
    "сидоров.а",
    "kuznetsova",
    "админ",
    "svc-robot",
];

const TEXTS: [&str; 5] = [
    "Задача поставлена в очередь",
    "Модель загружена: 3 файла, 1,2 ГБ",
    "Ошибка соединения с узлом; повтор через 30 с",
    "Процесс обучения завершён",
    "Пользователь вошёл в систему",
];

/// `text` as a JSON string, every non-ASCII character escaped (`\u0417`) when `escape`.
fn string(text: &str, escape: bool) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if escape && !c.is_ascii() => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes `count` records to `out`, the same for the same count.
pub fn server_journal(count: usize, out: &mut impl Write) -> io::Result<()> {
    let mut line = String::with_capacity(1024);
    for i in 0..count {
        line.clear();
        let (code, name) = if i % 64 == 63 {
            (90_000 + (i % 7) as u32, "NewerServerEvent".to_owned())
        } else {
            let event = Event::ALL[(i * 7) % Event::COUNT];
            (event.code(), event.name().to_owned())
        };
        let (seconds, micros) = (i / 50_000, (i * 37) % 1_000_000);
        let time = format!(
            "2024-09-{:02}T{:02}:{:02}:{:02}.{micros:06}",
            1 + seconds / 86_400 % 28,
            seconds / 3600 % 24,
            seconds / 60 % 60,
            seconds % 60
        );
        let escape = i % 2 == 0;
        let user = string(USERS[i % USERS.len()], escape);
        let entity = string(
            &format!(
                "C:\\Robots\\Проект \"Склад {}\"\\main.ltw; tenantId={}",
                i % 97,
                i % 5
            ),
            escape,
        );
        let text = match i % 4 {
            0 => "null".to_owned(),
            _ => string(TEXTS[i % TEXTS.len()], escape),
        };
        line.push_str(&format!(
            r#"{{"id":"{i:08x}-80c5-4d64-a664-e8694129a12c","event":{code},"entityData":{entity},"userId":{user},"#
        ));
        if i % 10 != 0 {
            line.push_str(&format!(r#""apiCreatedAt":"{time}","#));
        }
        line.push_str(&format!(
            r#""createdAt":"{time}","signature":"{:064x}","text":{text},"#,
            (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834)
        ));
        if i % 7 != 0 {
            line.push_str(&format!(r#""ip":"10.0.{}.{}","#, i / 256 % 256, i % 256));
        }
        let class = match i % 5 {
            0 => "null".to_owned(),
            n => n.to_string(),
        };
        line.push_str(&format!(
            r#""tenantId":null,"nodeId":"node-{}","operationKey":"op-{:06x}","classifiedEvent":{class},"validSignature":{},"eventName":"{name}","index":{i}}}"#,
            i % 3,
            i / 8,
            i % 33 != 0,
        ));
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    out.flush()
}
