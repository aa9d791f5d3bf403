import { YamlOutputType } from 'cdk8s';
import { Bookinfo } from './bookinfo';
import { MeshApp } from '../../src';

const app = new MeshApp({ outdir: 'dist/bookinfo', yamlOutputType: YamlOutputType.FILE_PER_CHART });
new Bookinfo(app, 'bookinfo');
app.synth();
