import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPublicAddress, PrivateAddressError, publicOnlyLookup, resolvePublicAddresses } from './network-address';

test.each([
  ['127.0.0.1', false],
  ['10.0.0.8', false],
  ['172.16.5.4', false],
  ['192.168.1.1', false],
  ['169.254.169.254', false], // cloud metadata
  ['100.64.0.1', false], // carrier-grade NAT
  ['0.0.0.0', false],
  ['::1', false],
  ['fd00::1', false],
  ['fe80::1', false],
  ['::ffff:127.0.0.1', false], // IPv4-mapped loopback
  ['8.8.8.8', true],
  ['2606:4700:4700::1111', true],
  ['not an address', false],
])('%s is public: %s', (address, expected) => {
  expect(isPublicAddress(address)).toBe(expected);
});

test('literal addresses in URLs are checked without DNS, brackets and all', async () => {
  await expect(resolvePublicAddresses('[::1]')).rejects.toBeInstanceOf(PrivateAddressError);
  await expect(resolvePublicAddresses('127.0.0.1')).rejects.toThrow('non-public address (127.0.0.1)');
  await expect(resolvePublicAddresses('1.1.1.1')).resolves.toEqual(['1.1.1.1']);
});

test('a hostname is judged by what it resolves to', async () => {
  await expect(resolvePublicAddresses('localhost')).rejects.toBeInstanceOf(PrivateAddressError);
});

test('publicOnlyLookup stops a request to a hostname that resolves to loopback before it connects', async () => {
  let connections = 0;
  const server = createServer((_req, res) => res.end('reached')).on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const error = await new Promise<Error>((resolve) => {
      request(`http://localhost:${port}/`, { lookup: publicOnlyLookup }, () => resolve(new Error('answered')))
        .on('error', resolve)
        .end();
    });
    expect(error).toBeInstanceOf(PrivateAddressError);
    expect(connections).toBe(0);
  } finally {
    server.close();
  }
});
