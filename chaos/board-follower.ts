/** Follows the live board over `/ws` like a browser: snapshot, then deltas applied with applyChanges. */
import WebSocket from 'ws';
import type { Board } from '@/lib/board';
import { applyChanges, type ServerFrame } from '@/lib/ws-protocol';

export class BoardFollower {
  board: Board | null = null;
  private socket: WebSocket | null = null;
  frames = 0;
  resyncs = 0;

  /** Opens the socket and resolves on the first snapshot. */
  async open(url: string, cookie: string): Promise<void> {
    this.close();
    this.board = null;
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers: { Cookie: cookie, Origin: url } });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no board snapshot in 15 s')), 15_000);
      socket.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.on('message', (data: WebSocket.RawData) => {
        const frame = JSON.parse(data.toString()) as ServerFrame;
        this.frames++;
        if (frame.type === 'snapshot') {
          this.board = frame.board;
          clearTimeout(timer);
          resolve();
        } else if (this.board) {
          // A gap in the numbering means a lost frame: ask for a fresh snapshot, as the browser does.
          if (frame.seq !== this.board.seq + 1) {
            this.resyncs++;
            socket.send(JSON.stringify({ type: 'resync' }));
          }
          this.board = applyChanges(this.board, frame.seq, frame.changes);
        }
      });
    });
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.socket?.removeAllListeners('message');
    this.socket?.on('error', () => {});
    this.socket?.terminate();
    this.socket = null;
  }
}
