import type { NextConfig } from 'next';

// No `output: 'standalone'`: Linesight runs Next inside its own server (server/main.ts), and the
// standalone output does not trace a custom server.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
