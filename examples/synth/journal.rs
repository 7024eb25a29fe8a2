//! A synthetic journal export: one JSON record per line, in the server's form, for the
//! journal benchmark (benches/) and `synth --journal COUNT`.

use std::fmt::Write;

use primo_events::Event;

/// `count` records, the same for the same count: events in turn from the catalog, one
/// in a hundred with a code newer than the crate, one in fifty with an escaped newline in
/// its text (a string that cannot be borrowed), operations of eight events each.
pub fn journal(count: usize) -> String {
    let mut out = String::with_capacity(count * 520);
    for i in 0..count {
        let (code, name) = if i % 100 == 99 {
            (90_000 + (i % 7) as u32, "NewerServerEvent".to_owned())
        } else {
            let event = Event::ALL[i % Event::COUNT];
            (event.code(), event.name().to_owned())
        };
        let (seconds, micros) = (i / 100_000, i % 100_000);
        let time = format!(
            "2024-09-{:02}T{:02}:{:02}:{:02}.{micros:05}",
            1 + seconds / 86_400 % 28,
            seconds / 3600 % 24,
            seconds / 60 % 60,
            seconds % 60
        );
        let text = match i % 50 {
            0 => "\"download failed:\\nconnection reset\"".to_owned(),
            1..=9 => format!("\"step {i} done\""),
            _ => "null".to_owned(),
        };
        let user = ["ivanov", "petrova", "sidorov", "kuznetsova"][i % 4];
        let _ = writeln!(
            out,
            r#"{{"id":"{i:08x}-80c5-4d64-a664-e8694129a12c","event":{code},"entityData":"logs, tenantId=","userId":"{user}","apiCreatedAt":"{time}","createdAt":"{time}","signature":"{:064x}","text":{text},"ip":"10.0.{}.{}","tenantId":null,"nodeId":"node-{}","operationKey":"op-{:06x}","classifiedEvent":{},"validSignature":true,"eventName":"{name}","index":{i}}}"#,
            (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834),
            i / 256 % 256,
            i % 256,
            i % 3,
            i / 8,
            1 + i % 4,
        );
    }
    out
}
