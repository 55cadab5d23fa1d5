//! Cost of signing one request, beside the bare HMAC it is built on: the ratio shows the
//! overhead of salt generation, date formatting, hex and header assembly.
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented pub fn"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use solapi_auth::time::{Duration, OffsetDateTime};
use solapi_auth::{Algorithm, Credentials, Salt, Secret, format_date, sign};

const API_KEY: &str = "NCSAYU7YDBXYORXC";
const SECRET: &str = "EXAMPLE0SECRET0NOT0REAL0ABCDEF12";

fn bench_sign(c: &mut Criterion) {
    let credentials = Credentials::api_key(API_KEY, SECRET);
    let secret = Secret::new(SECRET);
    let salt = Salt::random().expect("random salt");
    let date = format_date(OffsetDateTime::now_utc());
    let message = format!("{date}{}", salt.as_str());

    let mut group = c.benchmark_group("sign");
    group.bench_function("bare HMAC-SHA256 of date+salt", |b| {
        b.iter(|| {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(black_box(SECRET.as_bytes()))
                .expect("HMAC takes any key length");
            mac.update(black_box(message.as_bytes()));
            black_box(mac.finalize().into_bytes())
        });
    });
    group.bench_function("sign() (HMAC + hex)", |b| {
        b.iter(|| {
            sign(
                Algorithm::HmacSha256,
                black_box(&secret),
                black_box(&date),
                black_box(salt.as_str()),
            )
        });
    });
    group.bench_function("Salt::random()", |b| b.iter(Salt::random));
    group.bench_function("authorization() (clock + salt + sign + header)", |b| {
        b.iter(|| credentials.authorization(black_box(Duration::ZERO)));
    });
    group.finish();
}

criterion_group!(benches, bench_sign);
criterion_main!(benches);
