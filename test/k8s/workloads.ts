/**
 * Workload objects in the states the apps/v1 controllers write, for driving the watcher: a
 * Deployment whose rolling update goes through new ReplicaSet, surge, available and complete, and
 * StatefulSets and DaemonSets likewise. Each method returns the next object as the API would.
 */
type Obj = Record<string, unknown> & { metadata: Record<string, unknown> };

export interface Identity {
  name: string;
  namespace: string;
  uid: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  templateLabels?: Record<string, string>;
  templateAnnotations?: Record<string, string>;
}

export class DeploymentSim {
  generation = 1;
  observed = 1;
  revision = 1;
  replicas = 3;
  image: string;
  status: Record<string, unknown>;

  constructor(
    readonly id: Identity,
    image: string,
    at: string,
  ) {
    this.image = image;
    this.status = this.complete(at).status as Record<string, unknown>;
  }

  object(): Obj {
    const { id } = this;
    return {
      metadata: {
        name: id.name,
        namespace: id.namespace,
        uid: id.uid,
        generation: this.generation,
        labels: id.labels ?? {},
        annotations: { ...id.annotations, 'deployment.kubernetes.io/revision': String(this.revision) },
        creationTimestamp: '2026-01-01T00:00:00Z',
      },
      spec: {
        replicas: this.replicas,
        progressDeadlineSeconds: 600,
        selector: { matchLabels: { app: id.name } },
        template: {
          metadata: { labels: { app: id.name, ...id.templateLabels }, annotations: id.templateAnnotations },
          spec: { containers: [{ name: 'app', image: this.image }] },
        },
        strategy: { type: 'RollingUpdate' },
      },
      status: { observedGeneration: this.observed, ...this.status },
    };
  }

  /** `kubectl set image`: a new template, not observed by the controller yet. */
  setImage(image: string): Obj {
    this.image = image;
    this.generation += 1;
    return this.object();
  }

  /** `kubectl scale`: a new generation, the same template. */
  scale(replicas: number, at: string): Obj {
    this.replicas = replicas;
    this.generation += 1;
    this.observed = this.generation;
    this.status = this.statusOf(replicas, replicas, replicas, 'NewReplicaSetAvailable', at);
    return this.object();
  }

  /** The controller created (or reused) the ReplicaSet and is surging: `updated` new pods of `total`. */
  progress(updated: number, total: number, available: number, at: string, revision = this.revision + 1): Obj {
    this.observed = this.generation;
    this.revision = revision;
    this.status = this.statusOf(updated, total, available, 'ReplicaSetUpdated', at);
    return this.object();
  }

  complete(at: string): Obj {
    this.observed = this.generation;
    this.status = this.statusOf(this.replicas, this.replicas, this.replicas, 'NewReplicaSetAvailable', at);
    return this.object();
  }

  exceedDeadline(at: string): Obj {
    const { updatedReplicas, replicas, availableReplicas } = this.status as Record<string, number>;
    this.status = this.statusOf(
      updatedReplicas!,
      replicas!,
      availableReplicas!,
      'ProgressDeadlineExceeded',
      at,
    );
    return this.object();
  }

  private statusOf(updated: number, total: number, available: number, reason: string, at: string) {
    return {
      replicas: total,
      updatedReplicas: updated,
      readyReplicas: available,
      availableReplicas: available,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          lastUpdateTime: at,
          lastTransitionTime: at,
        },
        {
          type: 'Progressing',
          status: reason === 'ProgressDeadlineExceeded' ? 'False' : 'True',
          reason,
          lastUpdateTime: at,
          lastTransitionTime: at,
        },
      ],
    };
  }
}

export function statefulSet(
  id: Identity,
  image: string,
  generation: number,
  state: { observed: number; ready: number; updated: number; current: string; update: string },
): Obj {
  return {
    metadata: { name: id.name, namespace: id.namespace, uid: id.uid, generation, labels: id.labels ?? {} },
    spec: {
      replicas: 2,
      serviceName: id.name,
      selector: { matchLabels: { app: id.name } },
      template: { metadata: { labels: { app: id.name } }, spec: { containers: [{ name: 'db', image }] } },
      updateStrategy: { type: 'RollingUpdate' },
    },
    status: {
      observedGeneration: state.observed,
      replicas: 2,
      readyReplicas: state.ready,
      updatedReplicas: state.updated,
      currentRevision: state.current,
      updateRevision: state.update,
    },
  };
}

export function daemonSet(
  id: Identity,
  image: string,
  generation: number,
  state: { observed: number; updated: number; available: number },
): Obj {
  return {
    metadata: {
      name: id.name,
      namespace: id.namespace,
      uid: id.uid,
      generation,
      labels: id.labels ?? {},
      annotations: { 'deprecated.daemonset.template.generation': String(generation) },
    },
    spec: {
      selector: { matchLabels: { app: id.name } },
      template: { metadata: { labels: { app: id.name } }, spec: { containers: [{ name: 'agent', image }] } },
      updateStrategy: { type: 'RollingUpdate' },
    },
    status: {
      observedGeneration: state.observed,
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      updatedNumberScheduled: state.updated,
      numberAvailable: state.available,
      numberReady: state.available,
    },
  };
}
