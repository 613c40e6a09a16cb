// The ECharts the app serves (public/echarts.min.js), as the global `echarts` that
// charming's wasm renderer calls. Only what the dashboards use: line, bar, pie and
// heat-map charts with their usual components, drawn on canvas.
// Rebuild: cd .ci/echarts && npm ci && npm run build
import * as echarts from "echarts/core";
import { LineChart, BarChart, PieChart, HeatmapChart } from "echarts/charts";
import {
  GridComponent, TooltipComponent, LegendComponent, TitleComponent,
  VisualMapComponent, DataZoomComponent, DatasetComponent, MarkLineComponent,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { LabelLayout, UniversalTransition } from "echarts/features";

echarts.use([
  LineChart, BarChart, PieChart, HeatmapChart,
  GridComponent, TooltipComponent, LegendComponent, TitleComponent,
  VisualMapComponent, DataZoomComponent, DatasetComponent, MarkLineComponent,
  CanvasRenderer, LabelLayout, UniversalTransition,
]);
window.echarts = echarts;
