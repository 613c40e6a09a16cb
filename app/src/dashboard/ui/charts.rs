//! The dashboards' charts: charming (ECharts) in the browser, drawn lazily once
//! `/echarts.min.js` (served from public/, loaded only by dashboard pages) is there. Clicking
//! a point, bar, slice or cell follows its link (the order list filtered to it); charts follow
//! the window's size; a PNG of each can be downloaded. The server renders the empty frame
//! with the chart's description for screen readers; the data table sits next to it.

use leptos::prelude::*;

/// What to draw. Values are for plotting only (amounts come from exact `Money`).
#[derive(Clone, Debug, PartialEq)]
pub enum Spec {
    Line { labels: Vec<String>, series: Vec<(String, Vec<f64>)> },
    Pie { items: Vec<(String, f64)> },
    Bars { labels: Vec<String>, series: Vec<(String, Vec<f64>)>, stacked: bool },
    /// A ranking: horizontal bars, the first at the top, long names shortened (the data table
    /// has them whole).
    Ranked { labels: Vec<String>, name: String, values: Vec<f64> },
    /// Cells (x, y, value) over x and y labels.
    Heat { xs: Vec<String>, ys: Vec<String>, cells: Vec<(usize, usize, f64)>, max: f64 },
}

#[component]
pub fn EChart(
    id: &'static str,
    spec: Spec,
    #[prop(into)] summary: String,
    /// Per data index (for the heat map: per cell, in `cells` order), where a click goes.
    #[prop(optional)]
    links: Vec<String>,
    #[prop(default = 300)] height: u32,
    #[prop(default = false)] dark: bool,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        let data = StoredValue::new((spec, links));
        Effect::new(move |_| {
            if let Some(el) = node.get() {
                let turn = render::take_turn(id);
                // A reused element still says it shows the old data until this turn has drawn.
                let _ = el.remove_attribute("data-rendered");
                data.with_value(|(s, l)| render::when_ready(render::Job { el: el.into(), id, turn, height, dark }, s.clone(), l.clone(), 0));
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (spec, links, dark);
    view! { <div id=id node_ref=node class="chart" style=format!("height:{height}px") role="img" aria-label=summary data-chart=id></div> }
}

/// A button that downloads the chart `id` as a PNG named `file`.
#[component]
pub fn PngButton(id: &'static str, #[prop(into)] label: String) -> impl IntoView {
    let click = move |_| {
        #[cfg(feature = "hydrate")]
        render::download_png(id);
    };
    view! { <button type="button" class="secondary small" on:click=click data-png=id>{label}</button> }
}

#[cfg(feature = "hydrate")]
mod render {
    use super::Spec;
    use charming::component::{Axis, Grid, Legend, VisualMap};
    use charming::datatype::DataPoint;
    use charming::element::{AxisLabel, AxisType, Orient, Tooltip, Trigger};
    use charming::series::{Bar, Heatmap, Line, Pie};
    use charming::theme::Theme;
    use charming::{Chart, WasmRenderer};
    use js_sys::{Function, Reflect};
    use leptos::prelude::*;
    use std::time::Duration;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    fn echarts() -> Option<JsValue> {
        Reflect::get(&window(), &"echarts".into()).ok().filter(|v| !v.is_undefined())
    }

    fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
        let f: Function = Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
        let arr = js_sys::Array::new();
        for a in args {
            arr.push(a);
        }
        f.apply(target, &arr).ok()
    }

    /// The ECharts instance drawn into element `id`, if any.
    fn instance(id: &str) -> Option<JsValue> {
        let el = document().get_element_by_id(id)?;
        call(&echarts()?, "getInstanceByDom", &[el.into()]).filter(|v| !v.is_undefined() && !v.is_null())
    }

    thread_local!(static TURNS: std::cell::RefCell<std::collections::BTreeMap<&'static str, u64>> = const { std::cell::RefCell::new(std::collections::BTreeMap::new()) });

    /// A new turn to draw chart `id`; only the latest turn may draw. After a client-side
    /// navigation (a new range) Leptos may keep the chart's element and give it to the new
    /// view, while the old view's chart is still waiting for ECharts or for its code chunk: the
    /// old one must then not draw its old data, with its old links, over the new one.
    pub fn take_turn(id: &'static str) -> u64 {
        TURNS.with(|t| {
            let mut t = t.borrow_mut();
            let n = t.entry(id).or_insert(0);
            *n += 1;
            *n
        })
    }

    /// Where and how to draw, and whose turn it is.
    pub struct Job {
        pub el: web_sys::Element,
        pub id: &'static str,
        pub turn: u64,
        pub height: u32,
        pub dark: bool,
    }

    impl Job {
        fn stale(&self) -> bool {
            TURNS.with(|t| t.borrow().get(self.id).copied()) != Some(self.turn)
        }

        /// The element is the chart on the page (during hydration it may not be there yet).
        fn placed(&self) -> bool {
            self.el.is_connected() && document().get_element_by_id(self.id).as_ref() == Some(&self.el)
        }
    }

    /// Draw once ECharts is loaded and the element is in the page; give up when a newer turn
    /// came, or after a minute (a very slow line).
    pub fn when_ready(job: Job, spec: Spec, links: Vec<String>, attempt: u32) {
        if job.stale() {
            return;
        }
        if echarts().is_none() || !job.placed() {
            if attempt < 600 {
                set_timeout(move || when_ready(job, spec, links, attempt + 1), Duration::from_millis(100));
            }
            return;
        }
        leptos::task::spawn_local(draw(job, spec, links));
    }

    /// One listener for the whole app, added with the first chart: every chart on the page
    /// follows the window's size.
    fn follow_window_size() {
        thread_local!(static LISTENING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
        if LISTENING.with(|on| on.replace(true)) {
            return;
        }
        let on_resize = Closure::<dyn FnMut()>::new(move || {
            let ids: Vec<&'static str> = TURNS.with(|t| t.borrow().keys().copied().collect());
            for id in ids {
                if let Some(inst) = instance(id) {
                    call(&inst, "resize", &[]);
                }
            }
        });
        let _ = window().add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
        on_resize.forget();
    }

    pub fn download_png(id: &str) {
        let Some(chart) = instance(id) else { return };
        let opts = js_sys::Object::new();
        let _ = Reflect::set(&opts, &"type".into(), &"png".into());
        let _ = Reflect::set(&opts, &"pixelRatio".into(), &2.into());
        let _ = Reflect::set(&opts, &"backgroundColor".into(), &"#ffffff".into());
        let Some(url) = call(&chart, "getDataURL", &[opts.into()]).and_then(|u| u.as_string()) else { return };
        if let Ok(a) = document().create_element("a") {
            let _ = a.set_attribute("href", &url);
            let _ = a.set_attribute("download", &format!("{id}.png"));
            if let Some(body) = document().body() {
                let _ = body.append_child(&a);
                if let Some(h) = a.dyn_ref::<web_sys::HtmlElement>() {
                    h.click();
                }
                let _ = body.remove_child(&a);
            }
        }
    }

    fn chart(spec: Spec) -> Chart {
        let base = Chart::new().tooltip(Tooltip::new().trigger(Trigger::Item));
        match spec {
            Spec::Line { labels, series } => {
                let mut c = base
                    .tooltip(Tooltip::new().trigger(Trigger::Axis))
                    .grid(Grid::new().left("3%").right("4%").bottom("3%").top("14%").contain_label(true))
                    .legend(Legend::new().top("0"))
                    .x_axis(Axis::new().type_(AxisType::Category).boundary_gap(false).data(labels))
                    .y_axis(Axis::new().type_(AxisType::Value));
                for (name, values) in series {
                    c = c.series(Line::new().name(name).smooth(true).data(values));
                }
                c
            }
            Spec::Pie { items } => base.legend(Legend::new().bottom("0")).series(
                Pie::new().radius(vec!["35%", "65%"]).center(vec!["50%", "45%"]).data(items.into_iter().map(|(n, v)| (v, n)).collect::<Vec<_>>()),
            ),
            Spec::Bars { labels, series, stacked } => {
                let mut c = base
                    .tooltip(Tooltip::new().trigger(Trigger::Axis))
                    .legend(Legend::new().top("0"))
                    .grid(Grid::new().left("3%").right("4%").bottom("3%").top("14%").contain_label(true))
                    .x_axis(Axis::new().type_(AxisType::Category).data(labels))
                    .y_axis(Axis::new().type_(AxisType::Value));
                for (name, values) in series {
                    let mut b = Bar::new().name(name).data(values);
                    if stacked {
                        b = b.stack("total");
                    }
                    c = c.series(b);
                }
                c
            }
            Spec::Ranked { labels, name, values } => {
                let short = labels.iter().map(|l| crate::dashboard::logic::chart_label(l)).collect::<Vec<_>>();
                base.tooltip(Tooltip::new().trigger(Trigger::Axis))
                    .grid(Grid::new().left("3%").right("6%").bottom("3%").top("3%").contain_label(true))
                    // Few ticks: the amounts must not run into each other on a 360 px phone.
                    .x_axis(Axis::new().type_(AxisType::Value).split_number(3))
                    .y_axis(Axis::new().type_(AxisType::Category).inverse(true).axis_label(AxisLabel::new().interval(0)).data(short))
                    .series(Bar::new().name(name).data(values))
            }
            Spec::Heat { xs, ys, cells, max } => base
                .grid(Grid::new().left("3%").right("3%").top("3%").bottom("18%").contain_label(true))
                .x_axis(Axis::new().type_(AxisType::Category).data(xs))
                .y_axis(Axis::new().type_(AxisType::Category).data(ys))
                .visual_map(VisualMap::new().min(0).max(max.max(1.0)).calculable(true).orient(Orient::Horizontal).left("center").bottom("0"))
                .series(Heatmap::new().data(cells.into_iter().map(|(x, y, v)| -> Vec<DataPoint> { vec![(x as f64).into(), (y as f64).into(), v.into()] }).collect::<Vec<_>>())),
        }
    }

    /// Draw with charming. Lazy: charming's code is its own wasm chunk (`--split`).
    #[leptos::lazy]
    fn draw(job: Job, spec: Spec, links: Vec<String>) {
        // The chunk's download took time: check again.
        if job.stale() || !job.placed() {
            return;
        }
        let Job { el, id, height, dark, .. } = job;
        if let Some(old) = instance(&id) {
            call(&old, "dispose", &[]);
        }
        let renderer = WasmRenderer::new_opt(None, Some(height)).theme(if dark { Theme::Dark } else { Theme::Default });
        let inst = match renderer.render(&id, &chart(spec)) {
            Ok(i) => JsValue::from(i),
            Err(e) => {
                leptos::logging::error!("chart {id}: {e:?}");
                return;
            }
        };
        if !links.is_empty() {
            let on_click = Closure::<dyn FnMut(JsValue)>::new(move |p: JsValue| {
                let idx = Reflect::get(&p, &"dataIndex".into()).ok().and_then(|v| v.as_f64());
                if let Some(url) = idx.and_then(|i| links.get(i as usize)) {
                    let _ = window().location().set_href(url);
                }
            });
            call(&inst, "on", &["click".into(), on_click.as_ref().clone()]);
            on_click.forget();
        }
        follow_window_size();
        let _ = el.set_attribute("data-rendered", "true");
    }
}
