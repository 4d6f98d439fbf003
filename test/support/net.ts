import { connect } from "node:net";
import { request } from "undici";

/** Whether something accepts connections at a loopback port, or at a URL's host and port. */
export function listening(target: number | string): Promise<boolean> {
  const { hostname, port } = typeof target === "number" ? { hostname: "127.0.0.1", port: String(target) } : new URL(target);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The status a GET answers, with this Authorization header (none when undefined). */
export async function statusOf(url: string, authorization?: string): Promise<number> {
  const response = await request(url, { headers: authorization === undefined ? {} : { authorization } });
  await response.body.text();
  return response.statusCode;
}
