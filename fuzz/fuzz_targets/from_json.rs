#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pressmark_fuzz::from_json(data));
