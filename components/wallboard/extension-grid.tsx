'use client';

import { useMemo } from 'react';
import { QUEUE_UNKNOWN, type ConnectionView, type ExtensionView, type QueueView } from '@/lib/board';
import { ExtensionTile } from './extension-tile';
import { primaryCall } from './format';
import { groupExtensions, type ExtensionGroup } from './group-extensions';
import { vendorNames } from './vendor-names';

interface ExtensionGridProps {
  extensions: ExtensionView[];
  connections: ConnectionView[];
  queues: QueueView[];
  /** The signed-in role may start and stop recordings (supervisor or admin). */
  mayRecord: boolean;
  /** The signed-in role may place calls through the PBX (supervisor or admin, never a display). */
  mayDial: boolean;
}

interface TilesProps {
  group: ExtensionGroup;
  queueNames: Map<string, string | null>;
  mayRecord: boolean;
  mayDial: boolean;
}

function Tiles({ group, queueNames, mayRecord, mayDial }: TilesProps) {
  const pbx = group.connection?.name ?? group.connectionId;
  // Both must allow it: the PBX can record, and this role may ask it to.
  const canRecord = mayRecord && (group.connection?.capabilities.record ?? true);
  // Unlike recording, an unknown connection gets no Call button: the server could only answer 404.
  const canDial = mayDial && (group.connection?.capabilities.dial ?? false);
  return (
    <div className="grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-2.5">
      {group.extensions.map((ext) => {
        const queueId = primaryCall(ext)?.queueId;
        return (
          <ExtensionTile
            key={ext.id}
            ext={ext}
            pbx={pbx}
            canRecord={canRecord}
            canDial={canDial}
            queueName={queueId ? (queueNames.get(queueId) ?? null) : null}
          />
        );
      })}
    </div>
  );
}

/** All extension tiles; one section per PBX when there are several. */
export function ExtensionGrid({ extensions, connections, queues, mayRecord, mayDial }: ExtensionGridProps) {
  const groups = useMemo(() => groupExtensions(extensions, connections), [extensions, connections]);
  const queueNames = useMemo(() => new Map(queues.map((q) => [q.id, q.number === QUEUE_UNKNOWN ? null : (q.name ?? q.number)])), [queues]);

  if (groups.length === 0) {
    return <p className="p-8 text-center text-2xl text-slate-400">No extensions on the board yet.</p>;
  }
  if (groups.length === 1 && groups[0]) return <Tiles group={groups[0]} queueNames={queueNames} mayRecord={mayRecord} mayDial={mayDial} />;

  return (
    <div className="flex flex-col gap-5">
      {groups.map((group) => (
        <section key={group.connectionId} aria-labelledby={`pbx-${group.connectionId}`} className="flex flex-col gap-2">
          <h2 id={`pbx-${group.connectionId}`} className="text-lg font-bold tracking-wide text-slate-300 uppercase">
            {group.connection?.name ?? group.connectionId}
            {group.connection && (
              <span className="ml-2 text-sm font-medium text-slate-500 normal-case">{vendorNames[group.connection.vendor]}</span>
            )}
          </h2>
          <Tiles group={group} queueNames={queueNames} mayRecord={mayRecord} mayDial={mayDial} />
        </section>
      ))}
    </div>
  );
}
