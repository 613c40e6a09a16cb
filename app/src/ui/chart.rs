//! Charts: charming's wasm renderer drawing with ECharts, which pages with charts
//! load from `/echarts.min.js` (served from public/, no CDN). Rendering happens in
//! the browser only; the server renders the empty container.

use leptos::prelude::*;

/// A line chart of `values` over category `labels`. Values are for plotting only
/// (amounts are converted from exact `Money` at the last step).
#[component]
pub fn LineChart(
    id: &'static str,
    labels: Vec<String>,
    values: Vec<f64>,
    #[prop(into)] series_name: String,
    #[prop(default = 280)] height: u32,
) -> impl IntoView {
    let points = values.len();
    #[cfg(feature = "hydrate")]
    {
        let data = StoredValue::new((labels, values, series_name));
        Effect::new(move |_| data.with_value(|(l, v, n)| render::line_when_ready(id, l.clone(), v.clone(), n.clone(), height, 0)));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (labels, series_name);
    view! {
        <div id=id class="chart" style=format!("height:{height}px") data-points=points role="img"></div>
    }
}

#[cfg(feature = "hydrate")]
mod render {
    use charming::component::{Axis, Grid};
    use charming::element::{AreaStyle, AxisType, Tooltip, Trigger};
    use charming::series::Line;
    use charming::{Chart, WasmRenderer};
    use leptos::prelude::*;
    use std::time::Duration;

    /// ECharts arrives by its own script tag; wait for it (up to ~10 s) before drawing.
    pub fn line_when_ready(id: &'static str, labels: Vec<String>, values: Vec<f64>, name: String, height: u32, attempt: u32) {
        let ready = js_sys::Reflect::has(&window(), &"echarts".into()).unwrap_or(false);
        if !ready {
            if attempt < 100 {
                set_timeout(move || line_when_ready(id, labels, values, name, height, attempt + 1), Duration::from_millis(100));
            }
            return;
        }
        let chart = Chart::new()
            .grid(Grid::new().left("3%").right("4%").bottom("3%").top("8%").contain_label(true))
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .x_axis(Axis::new().type_(AxisType::Category).boundary_gap(false).data(labels))
            .y_axis(Axis::new().type_(AxisType::Value))
            .series(Line::new().name(name).smooth(true).area_style(AreaStyle::new().opacity(0.15)).data(values));
        if let Err(e) = WasmRenderer::new_opt(None, Some(height)).render(id, &chart) {
            leptos::logging::error!("chart {id}: {e:?}");
        }
    }
}
