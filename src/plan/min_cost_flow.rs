//! Plan stage: a small min-cost flow solver (primal-dual: Dijkstra with potentials, then
//! blocking flows along zero-reduced-cost edges), used to allocate households to practices.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// 16 bytes: a national list's graph has millions of edges (at 500,000 patients, with 8-byte
/// fields and no room reserved, the graph took about 200 MB).
#[derive(Debug, Clone)]
struct Edge {
    to: u32,
    rev: u32,
    cap: i32,
    cost: i32,
}

/// A flow network with integer capacities and non-negative integer costs.
#[derive(Debug, Clone)]
pub struct MinCostFlow {
    graph: Vec<Vec<Edge>>,
}

/// Where an edge lives, to read its flow back after solving.
#[derive(Debug, Clone, Copy)]
pub struct EdgeRef {
    from: u32,
    index: u32,
    cap: i32,
}

impl EdgeRef {
    /// The edge added `k` edges after this one from the same node (with the same capacity).
    pub fn next(self, k: usize) -> EdgeRef {
        EdgeRef {
            index: self.index + k as u32,
            ..self
        }
    }
}

/// Capacities and costs are held in 32 bits: a flow here is at most a list's patients, and a
/// cost at most a few hundred million. Larger ones are held at the largest (a capacity no flow
/// can fill, a cost no other path exceeds).
fn narrow(n: i64) -> i32 {
    n.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

impl MinCostFlow {
    pub fn new(nodes: usize) -> Self {
        MinCostFlow {
            graph: vec![Vec::new(); nodes],
        }
    }

    /// Makes room for `edges` more edges at `node` (each edge takes one place at each end), so
    /// a graph whose degrees are known is built without spare room.
    pub fn reserve(&mut self, node: usize, edges: usize) {
        self.graph[node].reserve_exact(edges);
    }

    pub fn add_edge(&mut self, from: usize, to: usize, cap: i64, cost: i64) -> EdgeRef {
        debug_assert!(cost >= 0, "costs must be non-negative");
        let (cap, cost) = (narrow(cap), narrow(cost));
        let index = self.graph[from].len() as u32;
        let rev = (self.graph[to].len() + usize::from(from == to)) as u32;
        self.graph[from].push(Edge {
            to: to as u32,
            rev,
            cap,
            cost,
        });
        self.graph[to].push(Edge {
            to: from as u32,
            rev: index,
            cap: 0,
            cost: -cost,
        });
        EdgeRef {
            from: from as u32,
            index,
            cap,
        }
    }

    /// The flow that the solution sends along `edge`.
    pub fn flow(&self, edge: EdgeRef) -> i64 {
        i64::from(edge.cap) - i64::from(self.graph[edge.from as usize][edge.index as usize].cap)
    }

    /// Sends as much flow as possible from `source` to `sink` at least total cost.
    /// Returns (flow, cost).
    pub fn solve(&mut self, source: usize, sink: usize) -> (i64, i64) {
        let n = self.graph.len();
        let mut potential = vec![0i64; n];
        let (mut total_flow, mut total_cost) = (0i64, 0i64);
        loop {
            // Dijkstra on reduced costs.
            let mut dist = vec![i64::MAX; n];
            dist[source] = 0;
            let mut heap = BinaryHeap::new();
            heap.push(Reverse((0i64, source)));
            while let Some(Reverse((d, u))) = heap.pop() {
                if d > dist[u] {
                    continue;
                }
                for e in &self.graph[u] {
                    if e.cap <= 0 {
                        continue;
                    }
                    let to = e.to as usize;
                    let nd = d + i64::from(e.cost) + potential[u] - potential[to];
                    if nd < dist[to] {
                        dist[to] = nd;
                        heap.push(Reverse((nd, to)));
                    }
                }
            }
            if dist[sink] == i64::MAX {
                break;
            }
            for v in 0..n {
                if dist[v] != i64::MAX {
                    potential[v] += dist[v];
                }
            }
            // Blocking flows on the admissible graph (residual edges of zero reduced cost).
            loop {
                let level = self.levels(source, &potential);
                if level[sink] == usize::MAX {
                    break;
                }
                let mut next = vec![0usize; n];
                let mut pushed_any = false;
                loop {
                    let pushed = self.push(source, sink, i64::MAX, &level, &potential, &mut next);
                    if pushed == 0 {
                        break;
                    }
                    pushed_any = true;
                    total_flow += pushed;
                    total_cost += pushed * (potential[sink] - potential[source]);
                }
                if !pushed_any {
                    break;
                }
            }
        }
        (total_flow, total_cost)
    }

    fn admissible(&self, u: usize, e: &Edge, potential: &[i64]) -> bool {
        e.cap > 0 && i64::from(e.cost) + potential[u] - potential[e.to as usize] == 0
    }

    fn levels(&self, source: usize, potential: &[i64]) -> Vec<usize> {
        let mut level = vec![usize::MAX; self.graph.len()];
        level[source] = 0;
        let mut queue = VecDeque::from([source]);
        while let Some(u) = queue.pop_front() {
            for e in &self.graph[u] {
                let to = e.to as usize;
                if level[to] == usize::MAX && self.admissible(u, e, potential) {
                    level[to] = level[u] + 1;
                    queue.push_back(to);
                }
            }
        }
        level
    }

    /// One augmenting path by depth-first search (iterative, so deep graphs cannot overflow the stack).
    fn push(
        &mut self,
        source: usize,
        sink: usize,
        limit: i64,
        level: &[usize],
        potential: &[i64],
        next: &mut [usize],
    ) -> i64 {
        let mut path: Vec<(usize, usize)> = Vec::new(); // (node, edge index)
        let mut u = source;
        loop {
            if u == sink {
                let mut amount = limit;
                for &(v, i) in &path {
                    amount = amount.min(i64::from(self.graph[v][i].cap));
                }
                // At most an edge's capacity, so it fits in 32 bits.
                let step = amount as i32;
                for &(v, i) in &path {
                    let (to, rev) = (self.graph[v][i].to as usize, self.graph[v][i].rev as usize);
                    self.graph[v][i].cap -= step;
                    self.graph[to][rev].cap += step;
                }
                return amount;
            }
            let mut advanced = false;
            while next[u] < self.graph[u].len() {
                let i = next[u];
                let e = &self.graph[u][i];
                if level[e.to as usize] == level[u].wrapping_add(1)
                    && self.admissible(u, e, potential)
                {
                    path.push((u, i));
                    u = e.to as usize;
                    advanced = true;
                    break;
                }
                next[u] += 1;
            }
            if !advanced {
                // Dead end: retreat and skip the edge that led here.
                match path.pop() {
                    Some((prev, _)) => {
                        next[prev] += 1;
                        u = prev;
                    }
                    None => return 0,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_cheaper_assignment_overall() {
        // Two patients, two practices with room for one each. Greedy on patient 0 would take
        // practice A (cost 1) and leave patient 1 with cost 10; optimal is 2 + 2.
        let (s, p0, p1, a, b, t) = (0, 1, 2, 3, 4, 5);
        let mut f = MinCostFlow::new(6);
        f.add_edge(s, p0, 1, 0);
        f.add_edge(s, p1, 1, 0);
        let p0a = f.add_edge(p0, a, 1, 1);
        let p0b = f.add_edge(p0, b, 1, 2);
        let p1a = f.add_edge(p1, a, 1, 2);
        f.add_edge(p1, b, 1, 10);
        f.add_edge(a, t, 1, 0);
        f.add_edge(b, t, 1, 0);
        assert_eq!(f.solve(s, t), (2, 4));
        assert_eq!((f.flow(p0a), f.flow(p0b), f.flow(p1a)), (0, 1, 1));
    }

    #[test]
    fn respects_capacity() {
        let mut f = MinCostFlow::new(3);
        f.add_edge(0, 1, 5, 1);
        f.add_edge(1, 2, 3, 1);
        assert_eq!(f.solve(0, 2), (3, 6));
    }
}
