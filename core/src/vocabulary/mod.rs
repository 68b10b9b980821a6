mod clock;
pub use clock::SchoolClock;
