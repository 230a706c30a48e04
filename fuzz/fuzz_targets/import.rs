#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pressmark_fuzz::import(data));
