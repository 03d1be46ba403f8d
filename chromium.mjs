// How every browser test and bench launches Debian's Chromium: Playwright cannot download its own
// browser here. Without the networking flags Chromium keeps trying to reach Google's services,
// which this machine refuses; --enable-unsafe-webgpu exposes WebGPU (a software adapter without a GPU).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
