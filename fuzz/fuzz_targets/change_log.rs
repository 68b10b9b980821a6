#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| esafety_conformance::fuzz::run("change_log", data));
