//! Multinomial logistic regression over hashed features, host and path scored apart
//! (the path's contribution capped), trained by SGD.

use crate::data::Sample;
use esafety_core::filter::model::{KIND_PATH, for_each_feature, softmax_with_reference};

/// Training settings (fixed: the run is reproducible).
pub struct Params {
    /// Hash buckets: 2^bits.
    pub bits: u8,
    pub epochs: usize,
    /// Weight of a benign sample's gradient: over-blocking costs more than a miss.
    pub benign_weight: f32,
    /// Positive class weight = (mean class size / class size) ^ balance.
    pub balance: f32,
    pub l2: f32,
    pub lr: f32,
    /// Largest contribution of the path words to a class score.
    pub path_cap: f32,
}

pub const PARAMS: Params = Params {
    bits: 18,
    epochs: 6,
    benign_weight: 3.0,
    balance: 0.5,
    l2: 1e-6,
    lr: 0.2,
    path_cap: 1.0,
};

/// The buckets of a URL's features, host and path apart.
pub fn encode(host: &str, path: &str, bits: u8) -> Encoded {
    let mut e = Encoded {
        host: Vec::new(),
        path: Vec::new(),
    };
    for_each_feature(host, path, |kind, _, h| {
        let b = h >> (32 - u32::from(bits));
        if kind == KIND_PATH {
            e.path.push(b)
        } else {
            e.host.push(b)
        }
    });
    e
}

/// The model file (`ESM2`, see `esafety_core::filter::model::Model::from_bytes`), weights
/// quantised to `i8`.
pub fn to_bytes(m: &Float, ids: &[&str], bits: u8) -> Vec<u8> {
    let max = m.weights.iter().fold(0f32, |a, w| a.max(w.abs())).max(1e-6);
    let scale = max / 127.0;
    let mut bytes: Vec<u8> = b"ESM2".to_vec();
    bytes.push(bits);
    bytes.push(ids.len() as u8);
    bytes.extend(scale.to_le_bytes());
    bytes.extend(m.path_cap.to_le_bytes());
    for (c, id) in ids.iter().enumerate() {
        bytes.push(id.len() as u8);
        bytes.extend(id.as_bytes());
        bytes.extend(m.bias[c].to_le_bytes());
    }
    bytes.extend(
        m.weights
            .iter()
            .map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8 as u8),
    );
    bytes
}

/// A sample's buckets: host features, then path features.
pub struct Encoded {
    pub host: Vec<u32>,
    pub path: Vec<u32>,
}

pub struct Float {
    pub n: usize,
    pub weights: Vec<f32>,
    pub bias: Vec<f32>,
    pub path_cap: f32,
}

impl Float {
    pub fn scores(&self, e: &Encoded) -> (Vec<f32>, Vec<bool>) {
        let n = self.n;
        let mut host = self.bias.clone();
        for &b in &e.host {
            for (s, w) in host
                .iter_mut()
                .zip(&self.weights[b as usize * n..b as usize * n + n])
            {
                *s += w;
            }
        }
        let mut path = vec![0f32; n];
        for &b in &e.path {
            for (s, w) in path
                .iter_mut()
                .zip(&self.weights[b as usize * n..b as usize * n + n])
            {
                *s += w;
            }
        }
        let mut open = vec![true; n];
        for c in 0..n {
            if path[c].abs() > self.path_cap {
                open[c] = false;
                path[c] = path[c].clamp(-self.path_cap, self.path_cap);
            }
            host[c] += path[c];
        }
        (host, open)
    }

    pub fn probabilities(&self, e: &Encoded) -> Vec<f32> {
        softmax_with_reference(&self.scores(e).0)
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

pub fn train(samples: &[Sample], enc: &[Encoded], n: usize, p: &Params) -> Float {
    let buckets = 1usize << p.bits;
    let mut m = Float {
        n,
        weights: vec![0f32; buckets * n],
        bias: vec![0f32; n],
        path_cap: p.path_cap,
    };
    let mut sizes = vec![0f32; n];
    for s in samples.iter().filter(|s| s.split == 2) {
        if let Some(c) = s.class {
            sizes[c] += 1.0;
        }
    }
    let mean = sizes.iter().sum::<f32>() / n as f32;
    let class_weight: Vec<f32> = sizes
        .iter()
        .map(|&s| (mean / s.max(1.0)).powf(p.balance))
        .collect();
    let mut order: Vec<usize> = (0..samples.len())
        .filter(|&i| samples[i].split == 2)
        .collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for epoch in 0..p.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let lr = p.lr / (1.0 + epoch as f32);
        for &i in &order {
            let e = &enc[i];
            let (scores, open) = m.scores(e);
            let probs = softmax_with_reference(&scores);
            let weight = samples[i]
                .class
                .map_or(p.benign_weight, |c| class_weight[c]);
            for c in 0..n {
                let target = if samples[i].class == Some(c) {
                    1.0
                } else {
                    0.0
                };
                let g = weight * (probs[c] - target);
                m.bias[c] -= lr * g * 0.1;
                for &b in &e.host {
                    let w = &mut m.weights[b as usize * n + c];
                    *w -= lr * (g + p.l2 * *w);
                }
                if open[c] {
                    for &b in &e.path {
                        let w = &mut m.weights[b as usize * n + c];
                        *w -= lr * (g + p.l2 * *w);
                    }
                }
            }
        }
    }
    m
}
