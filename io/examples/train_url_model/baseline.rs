//! Reads a previous model file (`ESM1`: no path cap, no shape feature) so the report can
//! show its figures on the same held-out URLs.

use esafety_core::filter::model::{for_each_feature, softmax_with_reference};

const KIND_SHAPE: u8 = b'h';

pub struct Previous {
    bits: u32,
    scale: f32,
    bias: Vec<f32>,
    weights: Vec<u8>,
}

impl Previous {
    pub fn read(bytes: &[u8]) -> Option<Previous> {
        let rest = bytes.strip_prefix(b"ESM1")?;
        let (&bits, rest) = rest.split_first()?;
        let (&count, rest) = rest.split_first()?;
        let scale = f32::from_le_bytes(rest.get(..4)?.try_into().ok()?);
        let mut rest = rest.get(4..)?;
        let mut bias = Vec::new();
        for _ in 0..count {
            let (&len, after) = rest.split_first()?;
            let after = after.get(usize::from(len)..)?;
            bias.push(f32::from_le_bytes(after.get(..4)?.try_into().ok()?));
            rest = after.get(4..)?;
        }
        Some(Previous {
            bits: u32::from(bits),
            scale,
            bias,
            weights: rest.to_vec(),
        })
    }

    pub fn probabilities(&self, host: &str, path: &str) -> Vec<f32> {
        let n = self.bias.len();
        let mut sums = vec![0i32; n];
        for_each_feature(host, path, |kind, _, h| {
            if kind == KIND_SHAPE {
                return;
            }
            let start = (h >> (32 - self.bits)) as usize * n;
            for (s, &w) in sums.iter_mut().zip(&self.weights[start..start + n]) {
                *s += i32::from(w as i8);
            }
        });
        let scores: Vec<f32> = self
            .bias
            .iter()
            .zip(sums)
            .map(|(b, s)| b + self.scale * s as f32)
            .collect();
        softmax_with_reference(&scores)
    }
}
